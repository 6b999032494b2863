package io.recsys.candidate.api;

import io.recsys.candidate.model.CandidateModel;
import io.recsys.candidate.retrieve.Candidate;
import io.recsys.candidate.retrieve.CandidatePipeline;
import io.recsys.candidate.retrieve.RetrievalRequest;
import io.recsys.candidate.retrieve.RetrievalResult;
import io.recsys.candidate.retrieve.UserStateReader;
import io.recsys.core.artifact.LoadedArtifact;
import io.recsys.core.artifact.ServingArtifact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/candidates}: parse strictly, read the user from the feature store, run the
 * retrieval pipeline on the model snapshot current when the request started, answer with provenance.
 * Thin on purpose: the request path is {@link CandidatePipeline}.
 */
@RestController
public class CandidatesController {
  private final ServingArtifact<CandidateModel> model;
  private final CandidatePipeline pipeline;
  private final UserStateReader users;
  private final CandidatesRequestParser parser;

  public CandidatesController(ServingArtifact<CandidateModel> model, CandidatePipeline pipeline, UserStateReader users,
      CandidatesRequestParser parser) {
    this.model = model;
    this.pipeline = pipeline;
    this.users = users;
    this.parser = parser;
  }

  @PostMapping(path = "/internal/candidates", produces = MediaType.APPLICATION_JSON_VALUE)
  public CandidatesResponse candidates(@RequestBody byte[] body) {
    CandidatesRequest req = parser.parse(body);
    LoadedArtifact<CandidateModel> snapshot = model.current();
    CandidateModel m = snapshot.value();
    UserStateReader.Read user = users.read(req.userId(), m.catalog());
    RetrievalResult r = pipeline.retrieve(m, user.user(), new RetrievalRequest(req.count(), new HashSet<>(req.categories()),
        new HashSet<>(req.excludeItemIds()), req.strategy()));
    List<CandidatesResponse.Item> items = new ArrayList<>(r.candidates().size());
    for (Candidate c : r.candidates()) items.add(new CandidatesResponse.Item(c.itemId(), c.score(), c.sources(), c.sourceScores()));
    List<String> degraded = new ArrayList<>(r.degraded());
    if (user.degraded()) degraded.addFirst("feature-store");
    return new CandidatesResponse(items, r.modelVersion(), r.reason(), degraded);
  }
}
