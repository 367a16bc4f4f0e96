package io.ddbbackup.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.ddbbackup.operator.architecture.fixture.clock.ReadsTheWallClock;
import io.ddbbackup.operator.architecture.fixture.kinds.alpha.AlphaPart;
import io.ddbbackup.operator.architecture.fixture.kinds.beta.BetaPart;
import io.ddbbackup.operator.architecture.fixture.schedule.SlotRuleThatReadsTheCluster;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which package may depend on which (docs/architecture.md): the rules of the product live in pure
 * packages that know neither Kubernetes nor AWS, the reconcilers talk to AWS only through the
 * domain's ports, and only the adapters know the SDKs. Inside the reconcilers each resource kind
 * has a package of its own over a shared kit: the kit knows no kind and the kinds never import each
 * other. No package cycles anywhere, and the time is read from the one Clock, never the wall.
 */
class ArchitectureTest {

  private static final String ROOT = "io.ddbbackup.operator";

  /** Rules and domain types: functions of values, tested as one line of data. */
  private static final String[] PURE = {
    "..schedule..",
    "..retention..",
    "..backup..",
    "..quota..",
    "..inventory..",
    "..text..",
    ROOT + ".export..",
    ROOT + ".restore..",
    ROOT + ".policy..",
    ROOT + ".replay.."
  };

  /** The reconcilers' shared kit: conditions, events, backoff, the not-leading exit, tenancy. */
  private static final String KIT = ROOT + ".reconciler";

  private static final String[] KUBERNETES_OR_AWS = {
    "io.fabric8..", "io.javaoperatorsdk..", "software.amazon.."
  };

  private static JavaClasses production;

  @BeforeAll
  static void importTheProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  static ArchRule pureCodeKnowsNeitherKubernetesNorAws() {
    return noClasses()
        .that()
        .resideInAnyPackage(PURE)
        // the schedule kind's reconciler package is no rule of the pure core
        .and()
        .resideOutsideOfPackage(ROOT + ".reconciler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KUBERNETES_OR_AWS)
        .because("schedule, retention and the domain types take values and return values");
  }

  static ArchRule pureCodeKnowsNoResourceOrAdapter() {
    return noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .and()
        .resideOutsideOfPackage(ROOT + ".reconciler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".api..", ROOT + ".aws..", ROOT + ".reconciler..", ROOT + ".app..")
        .because("the pure core is what everything else is built on");
  }

  @Test
  void thePurePackagesImportNeitherFabric8NorTheAwsSdk() {
    pureCodeKnowsNeitherKubernetesNorAws().check(production);
    pureCodeKnowsNoResourceOrAdapter().check(production);
  }

  @Test
  void theReconcilersReachAwsOnlyThroughTheDomainPort() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".reconciler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".aws..", "software.amazon..")
        .because("the reconcilers depend on the BackupStore port, never on its AWS adapter")
        .check(production);
  }

  @Test
  void theCommandLineReadsTheSpecThroughTheValidatorAndNothingElseOfTheReconcilers() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".cli..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage(ROOT + ".reconciler..")
                .and(
                    DescribedPredicate.not(
                        JavaClass.Predicates.belongToAnyOf(
                            io.ddbbackup.operator.reconciler.schedule.SpecValidator.class,
                            io.ddbbackup.operator.reconciler.schedule.ScheduleSettings.class))))
        .because(
            "kubectl ddb shares the operator's rules (schedule, retention, the spec's parsing),"
                + " not its reconcile machinery")
        .check(production);
  }

  @Test
  void theAwsAdapterKnowsNothingOfKubernetes() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".aws..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".reconciler..",
            ROOT + ".api..",
            ROOT + ".app..",
            "io.fabric8..",
            "io.javaoperatorsdk..")
        .check(production);
  }

  @Test
  void theReplayJobsAdapterKnowsNothingOfAws() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".jobs..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".aws..", ROOT + ".reconciler..", ROOT + ".app..", "software.amazon..")
        .because("the Jobs run the replay; the adapter only makes and reads them")
        .check(production);
  }

  @Test
  void theRulesCatchAPureClassThatReachesForTheClusterOrDynamoDb() {
    JavaClasses offender = new ClassFileImporter().importClasses(SlotRuleThatReadsTheCluster.class);
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("..fixture.schedule..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(KUBERNETES_OR_AWS);

    assertThatThrownBy(() -> rule.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("KubernetesClient")
        .hasMessageContaining("DynamoDbClient");
    // and the production rule itself, applied to the offender's package name
    assertThatThrownBy(() -> pureCodeKnowsNeitherKubernetesNorAws().check(offender))
        .isInstanceOf(AssertionError.class);
  }

  static ArchRule noPackageCycles(String packages) {
    return slices()
        .matching(packages)
        .should()
        .beFreeOfCycles()
        .because("a package that depends on one that depends back cannot be read alone");
  }

  static ArchRule kindsDoNotImportEachOther(String kinds) {
    return slices()
        .matching(kinds)
        .should()
        .notDependOnEachOther()
        .because("each kind has its own room; what two kinds share belongs in the kit");
  }

  static ArchRule theKitKnowsNoKind() {
    return noClasses()
        .that()
        .resideInAPackage(KIT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(KIT + ".*..")
        .because("the shared kit sits below the kinds: no arrow runs back up");
  }

  static ArchRule timeComesFromTheClock() {
    return noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".app..")
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("one java.time.Clock is given to constructors, so tests can move time");
  }

  @Test
  void thereIsNoCycleBetweenPackages() {
    noPackageCycles(ROOT + ".(*)..").check(production);
    noPackageCycles(ROOT + ".reconciler.(**)").check(production);
  }

  @Test
  void eachKindLivesInItsOwnPackageAndImportsNoOtherKind() {
    kindsDoNotImportEachOther(KIT + ".(*)..").check(production);
    theKitKnowsNoKind().check(production);
  }

  @Test
  void mainCodeOutsideTheAppReadsTimeOnlyFromTheClock() {
    timeComesFromTheClock().check(production);
  }

  @Test
  void theKindAndClockRulesCatchTheirOffenders() {
    JavaClasses kinds = new ClassFileImporter().importClasses(AlphaPart.class, BetaPart.class);
    String fixtureKinds = "io.ddbbackup.operator.architecture.fixture.kinds.(*)..";
    assertThatThrownBy(() -> kindsDoNotImportEachOther(fixtureKinds).check(kinds))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("AlphaPart")
        .hasMessageContaining("BetaPart");
    assertThatThrownBy(() -> noPackageCycles(fixtureKinds).check(kinds))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle");
    JavaClasses clock = new ClassFileImporter().importClasses(ReadsTheWallClock.class);
    assertThatThrownBy(() -> timeComesFromTheClock().check(clock))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Instant.now()")
        .hasMessageContaining("System.currentTimeMillis()");
  }
}
