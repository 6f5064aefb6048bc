package dev.kubeha.ui.wizard;

import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.fx.Language;
import dev.kubeha.ui.fx.Theme;
import dev.kubeha.ui.install.DesktopNotifier;
import dev.kubeha.ui.review.InstallLauncher;
import java.io.File;
import java.util.EnumMap;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The wizard window's content: the step rail on the left, the current page, and Back / Next / Save
 * below. Next is the default button (Enter) and is disabled while the page has errors.
 */
public final class WizardView {
    static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    static final PseudoClass HAS_ERRORS = PseudoClass.getPseudoClass("errors");

    private final WizardViewModel wizard;
    private final ResourceBundle messages;
    private final BorderPane root;
    private final Map<WizardPage, Parent> pages = new EnumMap<>(WizardPage.class);
    private final EtcdView etcdView;
    private final Forms forms;
    private final dev.kubeha.ui.cluster.ClusterPageView clusterView;

    @FXML private VBox rail;
    @FXML private VBox appearancePane;
    @FXML private Label languageLabel;
    @FXML private ComboBox<Language> languageChoice;
    @FXML private CheckBox darkTheme;
    @FXML private HBox footer;
    @FXML private Label saveStatus;
    @FXML private Button save;
    @FXML private Button saveAs;
    @FXML private Button back;
    @FXML private Button next;

    public WizardView(WizardViewModel wizard, ResourceBundle messages) {
        this(wizard, messages, null);
    }

    /** @param appearance language and theme, chosen below the step rail; null to leave them out */
    public WizardView(WizardViewModel wizard, ResourceBundle messages, AppearanceViewModel appearance) {
        this.wizard = wizard;
        this.messages = messages;
        ClusterViewModel cluster = wizard.cluster();
        Forms forms = new Forms(cluster, messages);
        this.forms = forms;
        forms.onPages(() -> wizard.pageProperty().get(), wizard::show);
        etcdView = new EtcdView(cluster, forms, messages);
        pages.put(WizardPage.WELCOME, new WelcomeView(wizard, forms).root());
        pages.put(WizardPage.HOSTS, new HostsView(wizard.hosts(), forms).root());
        pages.put(WizardPage.NETWORK, new NetworkView(wizard.hosts(), forms).root());
        pages.put(WizardPage.ETCD, etcdView.root());
        pages.put(WizardPage.LOAD_BALANCER, new LoadBalancerView(cluster, forms).root());
        pages.put(WizardPage.REVIEW, new ReviewView(cluster, wizard.preview(), wizard.export(), wizard.install(), wizard.plan(), forms).root());

        clusterView = new dev.kubeha.ui.cluster.ClusterPageView(wizard.clusterPage(), messages,
                wizard.cluster().nameProperty(), wizard::addNodes, DesktopNotifier.system());

        root = Fxml.load("wizard/WizardView", this, messages);
        addSteps(cluster);
        addClusterStep();
        if (appearance != null) {
            bindAppearance(appearance);
        } else {
            rail.getChildren().remove(appearancePane);
        }
        bindFooter();
        showPage(wizard.pageProperty().get());
        wizard.pageProperty().addListener((o, was, now) -> showPage(now));
        wizard.clusterShownProperty().addListener((o, was, now) -> showPage(wizard.pageProperty().get()));
        offerResume();
        // Ctrl+S saves from any page.
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN),
                        () -> save(() -> { }));
            }
        });
    }

    /** One button per page at the top of the rail: it shows the page, and is marked current and with errors. */
    private void addSteps(ClusterViewModel cluster) {
        int number = 1;
        for (WizardPage page : WizardPage.values()) {
            Button step = new Button(number++ + ". " + messages.getString(page.titleKey()));
            step.getStyleClass().add("step");
            step.setId("step-" + page.name());
            step.setMaxWidth(Double.MAX_VALUE);
            step.setMnemonicParsing(false);
            step.setOnAction(e -> wizard.show(page));
            // Marked once its errors are shown: a fresh start is not all red before any input.
            var errors = cluster.showsErrors(page);
            step.getProperties().put("errors", errors);
            step.pseudoClassStateChanged(HAS_ERRORS, page != WizardPage.REVIEW && errors.get());
            errors.addListener((o, was, now) -> step.pseudoClassStateChanged(HAS_ERRORS,
                    page != WizardPage.REVIEW && now));
            step.pseudoClassStateChanged(CURRENT, !wizard.clusterShownProperty().get() && wizard.pageProperty().get() == page);
            javafx.beans.InvalidationListener current = o -> step.pseudoClassStateChanged(CURRENT,
                    !wizard.clusterShownProperty().get() && wizard.pageProperty().get() == page);
            wizard.pageProperty().addListener(current);
            wizard.clusterShownProperty().addListener(current);
            rail.getChildren().add(page.ordinal(), step);
        }
    }

    /**
     * The Cluster step above the wizard's steps, once the cluster is installed: its page shows what
     * the nodes answer and the actions on the installed cluster.
     */
    private void addClusterStep() {
        Button step = new Button(messages.getString("wizard.page.cluster"));
        step.getStyleClass().add("step");
        step.setId("step-CLUSTER");
        step.setMaxWidth(Double.MAX_VALUE);
        step.setMnemonicParsing(false);
        step.setOnAction(e -> wizard.showCluster());
        step.visibleProperty().bind(wizard.installedProperty());
        step.managedProperty().bind(step.visibleProperty());
        step.pseudoClassStateChanged(CURRENT, wizard.clusterShownProperty().get());
        wizard.clusterShownProperty().addListener((o, was, now) -> step.pseudoClassStateChanged(CURRENT, now));
        rail.getChildren().add(0, step);
    }

    /** Language and theme at the bottom of the rail: switching either keeps everything entered. */
    private void bindAppearance(AppearanceViewModel appearance) {
        ComboBox<Language> language = languageChoice;
        language.setItems(FXCollections.observableArrayList(Language.values()));
        language.setValue(appearance.languageProperty().get());
        // Set from the choice only: the window rebuilds this view when the language changes.
        language.valueProperty().addListener((o, was, now) -> {
            if (now != null && now != appearance.languageProperty().get()) {
                appearance.languageProperty().set(now);
            }
        });
        languageLabel.setLabelFor(language);
        language.setAccessibleText(languageLabel.getText());
        darkTheme.setSelected(appearance.themeProperty().get() == Theme.DARK);
        darkTheme.selectedProperty().addListener((o, was, now) -> appearance.themeProperty().set(now ? Theme.DARK : Theme.LIGHT));
    }

    private void bindFooter() {
        saveStatus.textProperty().bind(wizard.saveStatusProperty());
        wizard.saveFailedProperty().addListener((o, was, now) -> saveStatus.pseudoClassStateChanged(Forms.ERROR, now));
        save.setOnAction(e -> save(() -> { }));
        saveAs.setOnAction(e -> saveAs(() -> { }));
        save.disableProperty().bind(wizard.busyProperty());
        saveAs.disableProperty().bind(wizard.busyProperty());
        back.setOnAction(e -> wizard.back());
        back.disableProperty().bind(wizard.canGoBackProperty().not());
        // Enabled while the page has errors: pressing it shows them and goes to the first.
        next.setOnAction(e -> {
            var blocked = wizard.next();
            if (blocked != null) {
                forms.focus(blocked);
            }
        });
        next.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> wizard.pageProperty().get().isLast(), wizard.pageProperty()));
        // On the last page there is no next: its own main action (Install) takes the place.
        next.visibleProperty().bind(next.disableProperty().not());
        next.managedProperty().bind(next.visibleProperty());
        var blocked = wizard.canGoNextProperty();
        next.pseudoClassStateChanged(HAS_ERRORS, !blocked.get() && !wizard.pageProperty().get().isLast());
        blocked.addListener((o, was, now) -> next.pseudoClassStateChanged(HAS_ERRORS,
                !now && !wizard.pageProperty().get().isLast()));
    }

    private void showPage(WizardPage page) {
        if (wizard.clusterShownProperty().get()) {
            // The installed cluster's page: its own actions, no wizard footer.
            ScrollPane scroll = new ScrollPane(clusterView.root());
            scroll.setFitToWidth(true);
            scroll.getStyleClass().add("page-scroll");
            root.setBottom(null);
            root.setCenter(scroll);
            if (root.getScene() != null) {
                scroll.applyCss();
            }
            return;
        }
        ScrollPane scroll = new ScrollPane(pages.get(page));
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(page == WizardPage.REVIEW || page == WizardPage.HOSTS);
        scroll.getStyleClass().add("page-scroll");
        // Tab follows the children's order: rail, page, then the footer's buttons.
        root.setBottom(null);
        root.setCenter(scroll);
        root.setBottom(footer);
        // The page joins the scene now (the scroll pane's skin adds it), so that a problem's field can take the focus.
        if (root.getScene() != null) {
            scroll.applyCss();
        }
    }

    /**
     * Opening a cluster whose install stopped before it finished (the app was closed mid-run, a
     * node failed) goes to Review and offers to resume it: what is done and what is left, then the
     * install window. Errors land on Review's install status line.
     */
    private void offerResume() {
        InstallLauncher launcher = new InstallLauncher(wizard.install(), messages, this::window, DesktopNotifier.system());
        wizard.resumeOfferProperty().addListener((o, was, offer) -> {
            if (offer != null) {
                wizard.show(WizardPage.REVIEW);
                launcher.prepareAndOpen();
            }
        });
    }

    /** The window title: the file (or "new cluster") and a star while there are unsaved changes. */
    public javafx.beans.binding.StringBinding titleBinding() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> {
            var file = wizard.fileProperty().get();
            String what = file == null ? messages.getString("wizard.title")
                    : messages.getString("app.title") + " \u2014 " + file.getFileName();
            return what + (wizard.cluster().modifiedProperty().get() ? " *" : "");
        }, wizard.fileProperty(), wizard.cluster().modifiedProperty());
    }

    /** Saves to the current file, asking for one first when the cluster has none. */
    void save(Runnable afterSaved) {
        if (!wizard.save(afterSaved)) {
            saveAs(afterSaved);
        }
    }

    void saveAs(Runnable afterSaved) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.getString("wizard.saveAsTitle"));
        chooser.setInitialFileName(wizard.suggestedFileName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(messages.getString("check.clusterFiles"),
                "*.json"));
        File chosen = chooser.showSaveDialog(window());
        if (chosen != null) {
            wizard.saveAs(chosen.toPath(), afterSaved);
        }
    }

    /**
     * Asks what to do with unsaved changes before the window closes; returns true when it may close
     * now. Saving first closes the window from {@code close} once the save succeeded.
     */
    public boolean confirmClose(Runnable close) {
        if (!wizard.cluster().modifiedProperty().get()) {
            return true;
        }
        ButtonType saveType = new ButtonType(messages.getString("close.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(messages.getString("close.discard"), ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.getString("close.question"), saveType, discard,
                ButtonType.CANCEL);
        alert.setTitle(messages.getString("close.title"));
        dev.kubeha.ui.fx.DialogButtons.name(alert.getDialogPane(), messages);
        alert.setHeaderText(null);
        alert.initOwner(window());
        ButtonType answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == discard) {
            return true;
        }
        if (answer == saveType) {
            save(close);
        }
        return false;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    public Parent root() {
        return root;
    }

    EtcdView etcdView() {
        return etcdView;
    }
}
