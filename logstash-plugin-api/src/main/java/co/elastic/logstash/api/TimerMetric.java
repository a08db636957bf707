package co.elastic.logstash.api;

/** Accumulates time spent, in milliseconds. */
public interface TimerMetric {

    <T, E extends Throwable> T time(ExceptionalSupplier<T, E> exceptionalSupplier) throws E;

    void reportUntrackedMillis(long untrackedMillis);

    default <E extends Throwable> void time(ExceptionalRunnable<E> exceptionalRunnable) throws E {
        this.<Void, E>time(() -> {
            exceptionalRunnable.run();
            return null;
        });
    }

    @FunctionalInterface
    interface ExceptionalSupplier<T, E extends Throwable> {
        T get() throws E;
    }

    @FunctionalInterface
    interface ExceptionalRunnable<E extends Throwable> {
        void run() throws E;
    }
}
