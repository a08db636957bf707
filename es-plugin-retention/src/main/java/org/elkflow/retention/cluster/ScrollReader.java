package org.elkflow.retention.cluster;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.ClearScrollRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.SearchScrollRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.search.SearchHit;

import java.util.function.Consumer;

/**
 * Hands every hit of a search to a consumer, page by page through a scroll, and frees the scroll context after the
 * last page. Cascades (finer rollup documents) and digest rollups (raw documents) read whole windows this way.
 */
final class ScrollReader {

    private static final TimeValue KEEP_ALIVE = TimeValue.timeValueMinutes(2);

    private final Client client;

    ScrollReader(Client client) {
        this.client = client;
    }

    /**
     * Runs {@code request} as a scroll and calls {@code onHit} for each hit in order; {@code listener} completes after
     * the last page, or fails with the first search failure or exception thrown by {@code onHit}.
     */
    void forEachHit(SearchRequest request, Consumer<SearchHit> onHit, ActionListener<Void> listener) {
        client.search(request.scroll(KEEP_ALIVE), listener.delegateFailureAndWrap((l, resp) -> consume(resp, onHit, l)));
    }

    private void consume(SearchResponse resp, Consumer<SearchHit> onHit, ActionListener<Void> listener) {
        SearchHit[] hits = resp.getHits().getHits();
        for (SearchHit hit : hits) {
            onHit.accept(hit);
        }
        String scrollId = resp.getScrollId();
        if (hits.length > 0 && scrollId != null) {
            client.searchScroll(new SearchScrollRequest(scrollId).scroll(KEEP_ALIVE),
                    listener.delegateFailureAndWrap((l, next) -> consume(next, onHit, l)));
            return;
        }
        if (scrollId != null) {
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            client.clearScroll(clear, ActionListener.noop());
        }
        listener.onResponse(null);
    }
}
