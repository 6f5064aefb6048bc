package dev.kubeha.ui.fx;

import java.util.Locale;

/** The languages of the window, each named in itself (a user who cannot read the current one still finds theirs). */
public enum Language {
    ENGLISH("en", Locale.ENGLISH, "English"),
    SIMPLIFIED_CHINESE("zh-CN", Locale.SIMPLIFIED_CHINESE, "\u7b80\u4f53\u4e2d\u6587");

    private final String tag;
    private final Locale locale;
    private final String ownName;

    Language(String tag, Locale locale, String ownName) {
        this.tag = tag;
        this.locale = locale;
        this.ownName = ownName;
    }

    /** The language for a locale: Chinese for any Chinese locale, else English. */
    public static Language of(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? SIMPLIFIED_CHINESE : ENGLISH;
    }

    /** The language with this settings tag ({@code en}, {@code zh-CN}), or null. */
    public static Language ofTag(String tag) {
        for (Language l : values()) {
            if (l.tag.equals(tag)) {
                return l;
            }
        }
        return null;
    }

    public String tag() {
        return tag;
    }

    public Locale locale() {
        return locale;
    }

    @Override
    public String toString() {
        return ownName;
    }
}
