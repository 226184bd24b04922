package dev.ashwood.shell.internal;

/**
 * How a reference's field is shown: {@code .name} for a field, {@code [3]} for an array index,
 * and as it is for a pseudo-field ({@code <class>}) or a ref a collapsed container took over from
 * one of its parts ({@code [key]}, {@code [value]}).
 */
final class Fields {
    private Fields() {}

    static String display(String field) {
        if (field.startsWith("<") || field.startsWith("[")) {
            return field;           // pseudo-fields such as <class>, and [key] after a collapse, carry their brackets
        }
        if (!field.isEmpty() && field.chars().allMatch(Character::isDigit)) {
            return "[" + field + "]";
        }
        return "." + field;
    }
}
