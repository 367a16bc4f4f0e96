package io.ddbbackup.operator.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The e2e test class's operator talks to moto through an {@link
 * io.ddbbackup.operator.testing.ExportFront} (behind the gate): operator -> {@link
 * CreateBackupGate} -> front -> moto. The front is {@link E2eEnvironment#front}, on the wall clock,
 * forgotten with moto before each test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ThroughExportFront {

  /**
   * The front runs on {@link E2eEnvironment#frontClock}, a clock the test moves (to make 15-minute
   * incremental windows in a test of seconds), instead of the wall clock.
   */
  boolean movedClock() default false;

  /**
   * With {@link #movedClock()}, the operator runs on that clock too ({@code app.ClockedOperator},
   * from the test classes): the schedule's slots and windows, the PITR window it reads and the
   * front's come from one moved time. The operator's timers still count real time: a test that
   * moves the clock needs the operator to look again (see ExportChainIT).
   */
  boolean operatorOnTheClock() default false;
}
