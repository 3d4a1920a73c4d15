package dev.deckhand.cli.commands;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code --expires-in}: {@code 30d}, {@code 12h}, {@code 90m} or ISO-8601 ({@code P30D}); positive. */
final class Lifetime implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([dhm])");

    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase();
        Matcher m = SHORT.matcher(v);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
        } else {
            try {
                d = Duration.parse(value.strip().toUpperCase());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a lifetime (e.g. 30d, 12h, 90m or P30D)");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "': a lifetime must be positive");
        }
        return d;
    }
}
