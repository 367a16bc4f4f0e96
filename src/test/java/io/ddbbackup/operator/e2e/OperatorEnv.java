package io.ddbbackup.operator.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An environment variable for the operator an e2e test class runs against ({@link E2eEnvironment}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(OperatorEnv.List.class)
@interface OperatorEnv {

  String name();

  String value();

  /** The container of repeated {@link OperatorEnv}s. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    OperatorEnv[] value();
  }
}
