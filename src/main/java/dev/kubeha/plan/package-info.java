/**
 * The installation as data: a {@link dev.kubeha.plan.Plan} is a validated DAG of
 * {@link dev.kubeha.plan.Task}s, each an ordered list of {@link dev.kubeha.plan.Step}s (upload a
 * file, run a command, wait for a check, fetch a file) on one node. Nothing here touches a node:
 * the SSH executor and the offline bundle both read the same plan.
 *
 * <p>{@link dev.kubeha.plan.ClusterPlanBuilder} writes the order of the installation once. Its
 * inputs are the cluster, a {@link dev.kubeha.plan.NodeFileSource} (node and
 * {@link dev.kubeha.plan.Stage} to the rendered files of that task) and a
 * {@link dev.kubeha.plan.CniSource}; its commands refer to the paths in
 * {@link dev.kubeha.plan.NodePaths}, which are the contract with the renderers.
 *
 * <p>Every command is built through {@link dev.kubeha.plan.Command} from values quoted by
 * {@link dev.kubeha.plan.Shell}. File contents never appear in {@code toString()} or in a rendered
 * plan ({@link dev.kubeha.plan.PlanFormat}).
 */
package dev.kubeha.plan;
