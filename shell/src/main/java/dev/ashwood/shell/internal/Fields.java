package dev.ashwood.shell.internal;

/** How a reference's field is shown: {@code .name} for a field, {@code [3]} for an array index. */
final class Fields {
    private Fields() {}

    static String display(String field) {
        if (field.startsWith("<")) {
            return field;           // pseudo-fields such as <class> are written with their brackets
        }
        if (!field.isEmpty() && field.chars().allMatch(Character::isDigit)) {
            return "[" + field + "]";
        }
        return "." + field;
    }
}
