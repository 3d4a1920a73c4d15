package dev.deckhand.config;

/** One bad variable: its name and what was expected. Never contains the value of a secret. */
public record SettingsProblem(String name, String message) {
    @Override
    public String toString() {
        return name + ": " + message;
    }
}
