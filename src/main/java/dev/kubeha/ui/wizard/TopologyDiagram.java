package dev.kubeha.ui.wizard;

import java.util.List;
import java.util.ResourceBundle;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/**
 * Draws a {@link Topology} as boxes in layers (load balancer, control plane, etcd, workers) with
 * lines for who talks to whom. Redrawn from the model only; it keeps no state of its own.
 */
final class TopologyDiagram extends Pane {
    static final double BOX_W = 96;
    static final double BOX_H = 34;
    static final double GAP = 12;
    static final double LAYER = 70;
    /** More boxes than this in a layer are summarised as "+n", so the drawing stays readable. */
    static final int MAX_PER_LAYER = 7;

    private final ResourceBundle messages;

    TopologyDiagram(ResourceBundle messages) {
        this.messages = messages;
        getStyleClass().add("topology-diagram");
        setMinHeight(LAYER * 4 + 10);
        setPrefHeight(LAYER * 4 + 10);
    }

    void show(Topology t) {
        getChildren().clear();
        if (t == null) {
            return;
        }
        double y = 8;
        String lbText = (t.haproxy() ? "HAProxy + keepalived" : messages.getString("diagram.lb"))
                + (t.loadBalancer().isEmpty() ? "" : "\n" + t.loadBalancer());
        List<Node> lb = layer(List.of(lbText), y, "lb", 180);
        y += LAYER;
        List<Node> masters = layer(t.masters().stream()
                .map(m -> t.etcdOnMasters() ? m + "\n+ etcd" : m).toList(), y, "master", BOX_W);
        connect(lb, masters);
        y += LAYER;
        if (!t.etcdOnMasters()) {
            List<Node> etcd = layer(t.etcdMembers(), y, "etcd-member", BOX_W);
            connect(masters, etcd);
            y += LAYER;
        }
        // Workers reach the API servers through the load balancer; the line from it would cross
        // every other layer, so they stand below without one.
        layer(t.workers(), y, "worker", BOX_W);
        setPrefHeight(y + LAYER);
    }

    /** One row of boxes, centred; returns the boxes so lines can join them. */
    private List<Node> layer(List<String> names, double y, String styleClass, double width) {
        List<String> shown = names.size() <= MAX_PER_LAYER ? names
                : concat(names.subList(0, MAX_PER_LAYER - 1), "+" + (names.size() - MAX_PER_LAYER + 1));
        double total = shown.size() * width + Math.max(0, shown.size() - 1) * GAP;
        double x = Math.max(8, (Math.max(getWidth(), 640) - total) / 2);
        List<Node> boxes = new java.util.ArrayList<>();
        for (String name : shown) {
            Rectangle r = new Rectangle(width, BOX_H);
            r.getStyleClass().add("box");
            Label l = new Label(name);
            l.setAlignment(Pos.CENTER);
            StackPane box = new StackPane(r, l);
            box.getStyleClass().addAll("diagram-node", styleClass);
            box.relocate(x, y);
            box.resize(width, BOX_H);
            box.getProperties().put("centre", new double[] {x + width / 2, y, y + BOX_H});
            boxes.add(box);
            x += width + GAP;
        }
        getChildren().addAll(boxes);
        return boxes;
    }

    private void connect(List<Node> upper, List<Node> lower) {
        for (Node a : upper) {
            double[] from = (double[]) a.getProperties().get("centre");
            for (Node b : lower) {
                double[] to = (double[]) b.getProperties().get("centre");
                Line line = new Line(from[0], from[2], to[0], to[1]);
                line.getStyleClass().add("link");
                getChildren().add(0, line);
            }
        }
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> all = new java.util.ArrayList<>(head);
        all.add(last);
        return all;
    }

    /** The boxes of one layer's style class (for tests and accessibility checks). */
    long count(String styleClass) {
        return getChildren().stream().filter(n -> n.getStyleClass().contains(styleClass)).count();
    }
}
