package co.elastic.logstash.api;

/** Told about every event a filter considers matched, so Logstash can apply the common filter actions. */
public interface FilterMatchListener {

    void filterMatched(Event e);
}
