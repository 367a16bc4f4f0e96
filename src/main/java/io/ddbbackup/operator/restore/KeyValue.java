package io.ddbbackup.operator.restore;

/**
 * One attribute of a primary key, typed as the table declares it.
 *
 * @param type S, N or B (AttributeDefinitions' AttributeType)
 * @param text the value as text: a string, a decimal number, or base64 for binary
 */
public record KeyValue(String type, String text) {}
