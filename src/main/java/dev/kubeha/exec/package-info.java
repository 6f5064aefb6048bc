/**
 * Running a plan. {@link dev.kubeha.exec.Executor} schedules the task DAG over a
 * {@link dev.kubeha.exec.Transport} (SSH, {@link dev.kubeha.exec.DryRunTransport}, or a test
 * double): a task starts when all it depends on has SUCCEEDED, one task per node at a time, at most
 * {@link dev.kubeha.exec.ExecOptions#concurrency()} nodes at once. A FAILED task makes its
 * transitive dependants SKIPPED and nothing else; {@link dev.kubeha.exec.Executor#cancel()} makes
 * running and pending tasks CANCELLED; a changed host key aborts the run the same way.
 *
 * <p>Retries: only transport faults ({@link dev.kubeha.exec.TransportException.Kind#retryable()}),
 * with bounded exponential backoff ({@link dev.kubeha.exec.RetryPolicy}) that a cancel interrupts,
 * and only when repeating is harmless: nothing ran yet (connect), the step is idempotent, the task
 * is retry-safe, or the task's probe says it is not done. Otherwise the task FAILS with a message
 * that says the command may have run and to check the node.
 *
 * <p>Journal ({@code <workspace>/journal.json}), rewritten atomically (temp file, fsync, rename)
 * before any state change is announced or acted upon:
 * <pre>
 * { "version": 1, "cluster": "prod-eu1", "updated": "2026-11-25T17:00:00.123Z",
 *   "tasks": [ { "id": "master0/kubeadm-init", "node": "master0", "state": "RUNNING", "started": true,
 *                "digest": "&lt;sha256 of node, steps and probe&gt;", "message": "", "updated": "..." } ] }
 * </pre>
 * On resume ({@link dev.kubeha.exec.ExecOptions#resume()}) a SUCCEEDED entry whose digest still
 * matches is not run again; a RUNNING one (a crash) or a started CANCELLED one has an unknown
 * outcome: its probe decides, else it runs again only if retry-safe, else it FAILS asking for a
 * check by hand; a FAILED one runs again, its probe asked first.
 *
 * <p>Events ({@link dev.kubeha.exec.ExecEvent}): TaskStateChanged, OutputLine, Progress, all
 * redacted by the {@link dev.kubeha.exec.Redactor}. Listeners are called from the executor's
 * threads, never under a lock, possibly concurrently: queue and coalesce on the UI thread.
 */
package dev.kubeha.exec;
