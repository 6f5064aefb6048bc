package dev.kubeha.exec;

/** Which stream of a remote command a line came from. */
public enum OutputStreamKind { STDOUT, STDERR }
