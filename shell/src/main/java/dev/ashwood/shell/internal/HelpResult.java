package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** help [CMD]: the usage and description of every command, or of one with its options. */
record HelpResult(List<CommandSpec> commands, boolean detailed) implements Result {
    @Override
    public void writeText(TextOut out) {
        if (!detailed) {
            int width = commands.stream().mapToInt(c -> c.usage().length()).max().orElse(0);
            for (CommandSpec command : commands) {
                out.println(TextOut.line().styled(TextOut.HEADER, String.format("  %-" + width + "s", command.usage()))
                        .append("  " + command.help()));
            }
            out.println(TextOut.HINT, "Ids are the dump's addresses. help CMD says more; Tab completes commands, options, types and ids.");
            return;
        }
        CommandSpec command = commands.get(0);
        out.println(TextOut.HEADER, "usage: " + command.usage());
        out.println("  " + command.help());
        for (OptionSpec option : command.options()) {
            out.println(String.format("  %-20s %s", option.synopsis(), option.help()));
        }
        if (!command.aliases().isEmpty()) {
            out.println("  also: " + String.join(", ", command.aliases()));
        }
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("commands");
        for (CommandSpec command : commands) {
            json.writeStartObject();
            json.writeStringField("name", command.name());
            json.writeStringField("usage", command.usage());
            json.writeStringField("help", command.help());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
