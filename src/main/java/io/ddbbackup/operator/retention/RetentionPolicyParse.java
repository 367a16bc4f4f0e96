package io.ddbbackup.operator.retention;

import java.util.List;

/**
 * The outcome of reading {@code spec.retention}: a policy when every rule is valid, otherwise every
 * problem found, so the user fixes them in one go instead of one per reconcile.
 */
public record RetentionPolicyParse(RetentionPolicy policy, List<String> errors) {

  public RetentionPolicyParse {
    errors = List.copyOf(errors);
    if ((policy == null) == errors.isEmpty()) {
      throw new IllegalArgumentException("exactly one of policy and errors must be set");
    }
  }

  public boolean isValid() {
    return errors.isEmpty();
  }
}
