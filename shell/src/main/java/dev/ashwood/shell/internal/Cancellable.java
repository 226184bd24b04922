package dev.ashwood.shell.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;

/**
 * Runs one task on a worker thread while Ctrl-C (SIGINT, delivered through the terminal) interrupts
 * it. The loader checks {@link Thread#interrupted()} in its long loops and throws
 * CancellationException; the caller waits until the worker has really stopped, so a cancelled
 * command never prints over the next prompt.
 */
final class Cancellable {
    private Cancellable() {}

    /** Returns the task's value, or rethrows what it threw (CancellationException when interrupted). */
    static <T> T run(Terminal terminal, String name, Callable<T> task) throws Exception {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                value.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ashwood-" + name);
        worker.setDaemon(true);
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
        try {
            worker.start();
            joinUninterruptibly(worker);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        Throwable t = failure.get();
        if (t == null) {
            return value.get();
        }
        if (t instanceof InterruptedException) {
            throw new CancellationException("cancelled");
        }
        if (t instanceof Exception e) {
            throw e;
        }
        throw (Error) t;
    }

    private static void joinUninterruptibly(Thread worker) {
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
