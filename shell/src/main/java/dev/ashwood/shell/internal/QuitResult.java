package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;

/** quit / exit: ends the session; prints nothing in either mode. */
enum QuitResult implements Result {
    INSTANCE;

    @Override
    public void writeText(TextOut out) {}

    @Override
    public void writeJson(JsonGenerator json) {}

    @Override
    public boolean ends() {
        return true;
    }
}
