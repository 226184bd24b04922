package dev.ashwood.loader.model;

/** The shared interning tables the parser threads fill and the model keeps. */
public final class Tables {
    public final NameTable types = new NameTable();
    public final NameTable fieldNames = new NameTable();
    public final NameTable rootKinds = new NameTable();
    public final StringPool strings = new StringPool();
    public final ValueTable values = new ValueTable(strings);
    public final ShapeTable shapes = new ShapeTable(fieldNames);

    /** Loading is done: drop what only deduplication needed. */
    public void freeze() {
        values.freeze();
    }

    public long bytes() {
        return types.bytes() + fieldNames.bytes() + rootKinds.bytes() + strings.bytes() + values.bytes()
                + shapes.bytes();
    }
}
