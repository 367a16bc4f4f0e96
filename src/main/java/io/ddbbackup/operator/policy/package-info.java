/**
 * A backup policy's rules, as functions of values: which tables a selector selects ({@link
 * Selection}), the name of the schedule generated for a table ({@link GeneratedNames}), what to
 * generate, keep, delete and skip ({@link FleetRules}), and the discovery of tables through the
 * {@link TableCatalog} port ({@link Discovery}). Pure: no Kubernetes, no AWS SDK.
 */
package io.ddbbackup.operator.policy;
