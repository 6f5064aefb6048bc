package dev.kubeha.ui.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class LineBufferTest {

    static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void keepsTheLastLinesUpToItsCapacityOldestFirst() {
        LineBuffer buffer = new LineBuffer(3);
        buffer.add("a");
        buffer.add("b");
        assertThat(buffer.lines()).containsExactly("a", "b");
        buffer.add("c");
        buffer.add("d");
        assertThat(buffer.lines()).containsExactly("b", "c", "d");
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.capacity()).isEqualTo(3);
    }

    @Test
    void aBatchLargerThanTheCapacityLeavesItsTail() {
        LineBuffer buffer = new LineBuffer(3);
        buffer.add("old");
        buffer.addAll(lines(0, 10));
        assertThat(buffer.lines()).containsExactly("line 7", "line 8", "line 9");
    }

    @Test
    void itsLinesAreACopy() {
        LineBuffer buffer = new LineBuffer(2);
        buffer.add("a");
        List<String> before = buffer.lines();
        buffer.add("b");
        assertThat(before).containsExactly("a");
    }

    @Test
    void holdsAtLeastOneLine() {
        assertThatThrownBy(() -> new LineBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShownListStaysBoundedWithAtMostTwoChangesPerAppend() {
        ObservableList<String> shown = FXCollections.observableArrayList();
        List<String> changes = new ArrayList<>();
        shown.addListener((ListChangeListener<String>) c -> {
            while (c.next()) {
                changes.add((c.wasRemoved() ? "-" + c.getRemovedSize() : "") + (c.wasAdded() ? "+" + c.getAddedSize() : ""));
            }
        });

        assertThat(LineBuffer.appendBounded(shown, lines(0, 3), 5)).isEqualTo(lines(0, 3));
        assertThat(changes).containsExactly("+3");

        changes.clear();
        assertThat(LineBuffer.appendBounded(shown, lines(3, 7), 5)).isEqualTo(lines(3, 7));
        assertThat(shown).isEqualTo(lines(2, 7));
        assertThat(changes).containsExactly("-2", "+4");

        // More than fits: only the tail is appended, in one replacement.
        changes.clear();
        assertThat(LineBuffer.appendBounded(shown, lines(7, 20), 5)).isEqualTo(lines(15, 20));
        assertThat(shown).isEqualTo(lines(15, 20));
        assertThat(changes).hasSize(1);

        changes.clear();
        assertThat(LineBuffer.appendBounded(shown, List.of(), 5)).isEmpty();
        assertThat(changes).isEmpty();
    }
}
