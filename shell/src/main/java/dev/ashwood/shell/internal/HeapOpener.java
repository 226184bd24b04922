package dev.ashwood.shell.internal;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Loads a dump for the shell, turning every way it can fail into one CommandException line. */
final class HeapOpener {
    private HeapOpener() {}

    /**
     * Loads {@code file} for a command that prints one result (convert, diff, dump --hprof): a
     * progress bar on {@code err} when it is a terminal (a big dump takes seconds), each warning one
     * line "ashwood: warning: ..." with control characters escaped.
     */
    static Heap openShowingProgress(Path file, PrintWriter err) {
        ProgressBar bar = new ProgressBar(err, "loading " + file.getFileName());
        try {
            return open(file, System.console() != null ? bar : ProgressListener.NONE, warning -> {
                bar.clear();
                err.println("ashwood: warning: " + Quote.message(warning));
            });
        } finally {
            bar.clear();
        }
    }

    /**
     * Loads {@code file}, reporting progress and the loader's warnings (an incomplete dump is one of
     * them). Cost: the loader's, a few seconds per million objects at most.
     */
    static Heap open(Path file, ProgressListener progress, Consumer<String> warnings) {
        try {
            // ASHWOOD_HPROF_VM states an HPROF dump's VM settings (coops=on,ccp=on,align=8) instead of inferring them.
            return HeapLoader.load(file, LoadOptions.defaults().withProgress(progress).withWarnings(warnings)
                    .withVmLayout(System.getenv("ASHWOOD_HPROF_VM")));
        } catch (NoSuchFileException e) {
            throw new CommandException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CommandException(file + ": permission denied");
        } catch (DumpFormatException e) {
            throw new CommandException(e.getMessage());
        } catch (IOException e) {
            // The loader's own messages already start with the file ("F: no such file", "F: is a directory").
            String message = String.valueOf(e.getMessage());
            throw new CommandException(message.startsWith(file.toString()) ? message : file + ": cannot read: " + message);
        } catch (OutOfMemoryError e) {
            throw new CommandException(file + ": not enough memory to load it; give the JVM more, e.g. JAVA_OPTS=-Xmx8g");
        }
    }
}
