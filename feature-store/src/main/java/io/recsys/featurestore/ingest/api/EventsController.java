package io.recsys.featurestore.ingest.api;

import io.recsys.featurestore.ingest.config.IngestProperties;
import io.recsys.featurestore.ingest.stream.BacklogMonitor;
import io.recsys.featurestore.ingest.stream.EventStream;
import io.recsys.featurestore.ingest.stream.IngestEvent;
import io.recsys.featurestore.ingest.stream.IngestMetrics;
import io.recsys.starter.problem.InvalidField;
import io.recsys.starter.problem.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: validates the whole batch, appends it to the event stream, and only then
 * answers {@code 202 {"accepted":N}}. Any validation error rejects the batch whole (400); Redis
 * unreachable or the stream at its cap answers 503 and nothing is appended.
 */
@RestController
public class EventsController {
  private final EventBatchParser parser;
  private final EventStream stream;
  private final BacklogMonitor backlog;
  private final IngestMetrics metrics;
  private final long maxBodyBytes;

  public EventsController(EventBatchParser parser, EventStream stream, BacklogMonitor backlog, IngestMetrics metrics,
      IngestProperties props) {
    this.parser = parser;
    this.stream = stream;
    this.backlog = backlog;
    this.metrics = metrics;
    this.maxBodyBytes = props.maxBodyBytes();
  }

  @PostMapping({"/v1/events", "/internal/events"})
  public ResponseEntity<AcceptedResponse> post(HttpServletRequest request) throws IOException {
    List<IngestEvent> events = parser.parse(body(request));
    if (backlog.full()) {
      throw new BacklogFullException("the event stream is full (feature workers are behind); retry later");
    }
    stream.append(events);
    metrics.accepted(events.size());
    return ResponseEntity.accepted().body(new AcceptedResponse(events.size()));
  }

  /** The body, refused before reading when it declares more than the limit and while reading when it has more. */
  private byte[] body(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) throw tooLarge(declared + " bytes");
    try (InputStream in = request.getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (b.length > maxBodyBytes) throw tooLarge("more than " + maxBodyBytes + " bytes");
      return b;
    }
  }

  private InvalidRequestException tooLarge(String size) {
    return new InvalidRequestException("the body is too large: " + size + "; at most " + maxBodyBytes + " bytes are accepted",
        List.of(InvalidField.of("body", "larger than " + maxBodyBytes + " bytes")));
  }
}
