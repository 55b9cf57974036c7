package dev.klite.apiserver.resources.authorization;

import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.MetadataValidation;
import dev.klite.apiserver.table.DefaultTable;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * authorization.k8s.io/v1 SelfSubjectAccessReviews: a create-only, never stored review
 * (pkg/registry/authorization/selfsubjectaccessreview/rest.go). The definition gives discovery and
 * OpenAPI; {@code http.SelfSubjectAccessReviewHandler} serves the requests.
 */
public final class AuthorizationV1Resources {
  private AuthorizationV1Resources() {}

  public static final String GROUP = "authorization.k8s.io";
  public static final String SELF_SUBJECT_ACCESS_REVIEWS = "selfsubjectaccessreviews";

  public static List<ResourceDefinition> all() {
    return List.of(new ResourceDefinition(GROUP, "v1", "SelfSubjectAccessReview", SELF_SUBJECT_ACCESS_REVIEWS,
        "selfsubjectaccessreview", List.of(), List.of(), false, List.of("create"), Set.of(),
        new BasicStrategy(false, false, MetadataValidation.SUBDOMAIN), new DefaultTable(), Map.of(),
        SelfSubjectAccessReview.class));
  }
}
