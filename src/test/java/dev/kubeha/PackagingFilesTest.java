package dev.kubeha;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The files installer/build.sh hands to jpackage: icons in every size, and argument files that
 * name things that exist and put each option where jpackage accepts it. The packaging smoke
 * test in .ci/run proves the rest by building and starting the app image.
 */
class PackagingFilesTest {
    static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    static final List<String> WINDOW_ICON_SIZES = List.of("16", "24", "32", "48", "64", "128", "256");

    @Test
    void everyIconSizeIsASquarePngOfThatSize() throws IOException {
        for (int size : ICON_SIZES) {
            byte[] png = Files.readAllBytes(Path.of("icons/kubeha-" + size + ".png"));
            ByteBuffer header = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
            assertThat(header.getLong(0)).as("PNG signature of kubeha-%d.png", size).isEqualTo(0x89504E470D0A1A0AL);
            assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
            assertThat(header.getInt(16)).as("width of kubeha-%d.png", size).isEqualTo(size);
            assertThat(header.getInt(20)).as("height of kubeha-%d.png", size).isEqualTo(size);
        }
    }

    @Test
    void theWindowIconsAreTheGeneratedOnes() throws IOException {
        for (String size : WINDOW_ICON_SIZES) {
            Path resource = Path.of("src/main/resources/dev/kubeha/ui/icons/kubeha-" + size + ".png");
            assertThat(Files.readAllBytes(resource)).as("%s is a copy of icons/ (icons/generate.sh)", resource)
                    .isEqualTo(Files.readAllBytes(Path.of("icons/kubeha-" + size + ".png")));
        }
    }

    @Test
    void theIcoHoldsSevenImagesAndTheIcnsIsWhole() throws IOException {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(Path.of("icons/kubeha.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(0)).isZero();
        assertThat(ico.getShort(2)).as("type 1: icon").isEqualTo((short) 1);
        assertThat(ico.getShort(4)).as("images 16, 24, 32, 48, 64, 128, 256").isEqualTo((short) 7);

        byte[] icns = Files.readAllBytes(Path.of("icons/kubeha.icns"));
        assertThat(new String(icns, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(ByteBuffer.wrap(icns).getInt(4)).as("length field").isEqualTo(icns.length);
    }

    @Test
    void theCommonArgumentFileNamesTheMainJarAndAMainClassThatExists() throws Exception {
        Map<String, List<String>> options = options(Path.of("jpackage.cfg"));
        assertThat(options.get("--name")).containsExactly("kubeha");
        assertThat(options.get("--main-jar")).containsExactly("kubeha.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>kubeha</finalName>");
        Method main = Class.forName(options.get("--main-class").get(0)).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        assertThat(options.keySet()).as("options jpackage rejects for an app image or on another OS")
                .noneMatch(o -> o.startsWith("--linux-") || o.startsWith("--win-") || o.startsWith("--mac-")
                        || INSTALLER_ONLY.contains(o));
    }

    static final List<String> INSTALLER_ONLY = List.of(
            "--about-url", "--license-file", "--resource-dir", "--install-dir", "--file-associations", "--app-image");

    @ParameterizedTest
    @ValueSource(strings = {"linux", "windows", "mac"})
    void eachOsFileHasAnIconThatExistsAndOnlyAppImageOptions(String os) throws IOException {
        Map<String, List<String>> options = options(Path.of("installer/jpackage-" + os + ".cfg"));
        assertThat(options.get("--icon")).hasSize(1);
        assertThat(Path.of(options.get("--icon").get(0))).isRegularFile();
        assertThat(options.keySet()).allMatch(o -> o.equals("--icon") || o.startsWith("--mac-package-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deb:linux", "rpm:linux", "msi:win", "dmg:mac"})
    void eachInstallerFileUsesItsOwnOsOptionsAndFilesThatExist(String typeAndPrefix) throws IOException {
        String type = typeAndPrefix.split(":")[0];
        String prefix = "--" + typeAndPrefix.split(":")[1] + "-";
        Map<String, List<String>> options = options(Path.of("installer/jpackage-" + type + ".cfg"));
        assertThat(options.keySet()).allMatch(o -> o.startsWith(prefix) || INSTALLER_ONLY.contains(o));
        assertThat(Path.of(options.get("--license-file").get(0))).isRegularFile();
        if (options.containsKey("--resource-dir")) {
            assertThat(Path.of(options.get("--resource-dir").get(0))).isDirectory();
        }
        if (options.containsKey("--win-upgrade-uuid")) {
            String uuid = options.get("--win-upgrade-uuid").get(0);
            assertThat(UUID.fromString(uuid)).hasToString(uuid);
        }
    }

    /** jpackage's @file syntax as far as these files use it: # comments, "quoted values". */
    static Map<String, List<String>> options(Path file) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            StringBuilder token = new StringBuilder();
            boolean quoted = false;
            for (char c : text.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (Character.isWhitespace(c) && !quoted) {
                    if (!token.isEmpty()) {
                        tokens.add(token.toString());
                        token.setLength(0);
                    }
                } else {
                    token.append(c);
                }
            }
            assertThat(quoted).as("unbalanced quote in %s: %s", file, line).isFalse();
            if (!token.isEmpty()) {
                tokens.add(token.toString());
            }
        }
        Map<String, List<String>> options = new LinkedHashMap<>();
        String current = null;
        for (String token : tokens) {
            if (token.startsWith("--")) {
                current = token;
                options.putIfAbsent(current, new ArrayList<>());
            } else {
                assertThat(current).as("value %s before any option in %s", token, file).isNotNull();
                options.get(current).add(token);
            }
        }
        return options;
    }
}
