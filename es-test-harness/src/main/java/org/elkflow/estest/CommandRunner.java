package org.elkflow.estest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short helper commands (useradd, chown, elasticsearch-plugin) to completion and captures their output. */
final class CommandRunner {

    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + (output.isBlank() ? "" : ":\n" + output.strip());
        }
    }

    private CommandRunner() {
    }

    /**
     * Runs {@code command} with stdout and stderr merged into {@code outputFile} (a temp file when null), in
     * {@code workDir} (inherited when null). A command still running after {@code timeout} is killed, with its children.
     */
    static Result run(List<String> command, Path workDir, Path outputFile, Duration timeout) {
        Path output = outputFile;
        boolean tempOutput = false;
        try {
            if (output == null) {
                output = Files.createTempFile("elkflow-cmd-", ".log");
                tempOutput = true;
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Result(command, -1, "timed out after " + timeout.toSeconds() + " s\n"
                        + LogTail.lastLines(output, 200));
            }
            return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (tempOutput) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
