package dev.kubeha.ui.install;

import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.fx.Theme;
import java.util.ResourceBundle;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The install window's content: the live {@link InstallView}, above it the external load
 * balancer's checkpoint while the run waits there, and once the run succeeded the finish page
 * ({@link FinishView}, with a way back to the run's rows and logs). The layout around them is
 * InstallWindow.fxml.
 */
public final class InstallWindow {
    /** The style class of the window's root, given by InstallWindow.fxml (kubeha.css and the demo's banner find it by it). */
    public static final String STYLE_CLASS = "install-window";

    private final InstallViewModel install;
    private final FinishViewModel finish;
    private final InstallView view;
    private final BorderPane root;
    private final Parent finishPage;

    @FXML private VBox checkpoint;
    @FXML private Label checkpointInstructions;
    @FXML private Label checkpointProbe;
    @FXML private Button checkpointContinue;

    public InstallWindow(InstallViewModel install, FinishViewModel finish, ResourceBundle messages) {
        this.install = install;
        this.finish = finish;
        this.view = new InstallView(install, messages);
        this.root = Fxml.load("install/InstallWindow", this, messages);
        bindCheckpoint();
        root.setCenter(view.root());
        finishPage = new FinishView(finish, install, messages, this::showRun).root();
        install.checkpoint().askOperator();
        install.phaseProperty().addListener((o, was, now) -> {
            if (now == InstallViewModel.Phase.SUCCEEDED && install.otherOperation() == null) {
                root.setCenter(finishPage);
                finish.refreshNodes();
            } else if (now == InstallViewModel.Phase.RUNNING) {
                root.setCenter(view.root());
            }
        });
    }

    /** Opens the window for a run that started; closing it mid-run asks first and cancels. */
    public static Stage open(InstallViewModel run, Window owner, ResourceBundle messages, DesktopNotifier notifier) {
        InstallWindow window = new InstallWindow(run, new FinishViewModel(run, run.background(), messages), messages);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(run.title());
        Scene scene = new Scene(window.root(), 1000, 720);
        scene.getStylesheets().add(Fxml.stylesheet());
        // The wizard's theme: AtlantaFX's stylesheet is the application's already; kubeha.css's
        // dark colours need the root's mark, as the wizard's root has it.
        if (owner != null && owner.getScene() != null
                && owner.getScene().getRoot().getStyleClass().contains(Theme.DARK_CLASS)) {
            Theme.DARK.mark(window.root());
        }
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!window.mayClose(stage::close)) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> {
            window.stop();
            run.close();
        });
        RunEndNotice.watch(run, stage.focusedProperty(), notifier, messages);
        stage.show();
        return stage;
    }

    private void bindCheckpoint() {
        CheckpointViewModel model = install.checkpoint();
        checkpointInstructions.textProperty().bind(model.instructionsProperty());
        checkpointProbe.textProperty().bind(model.probeProperty());
        model.reachableProperty().addListener((o, was, now) ->
                checkpointProbe.pseudoClassStateChanged(InstallView.SUCCEEDED, now));
        checkpointContinue.disableProperty().bind(model.reachableProperty().not());
        checkpointContinue.setOnAction(e -> model.continueRun());
        checkpoint.visibleProperty().bind(model.activeProperty());
        checkpoint.managedProperty().bind(checkpoint.visibleProperty());
    }

    /** Shows the run's rows again after the finish page. */
    void showRun() {
        root.setCenter(view.root());
    }

    public Parent root() {
        return root;
    }

    public boolean mayClose(Runnable close) {
        return view.mayClose(close);
    }

    public void stop() {
        view.stop();
    }
}
