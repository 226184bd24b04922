package dev.ashwood.loader.read.hprof;

import static dev.ashwood.loader.read.hprof.HprofBuilder.OBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ROOT_JAVA_FRAME and ROOT_JNI_LOCAL name a thread serial and a frame number; ROOT_THREAD_OBJECT
 * maps the serial to the thread object. The model keeps the thread (as its id, address / 8) and
 * the frame as an ashwood dump's {@code thread} and {@code depth}.
 */
class HprofRootFramesTest {
    @TempDir
    Path dir;

    static final long THREAD_CLASS = 0x2000;
    static final long WORKER = 0x5000_0000L;
    static final long NAME = 0x5000_0100L;
    static final long NAME_BYTES = 0x5000_0200L;
    static final long HELD = 0x5000_0300L;
    static final long JNI = 0x5000_0400L;
    static final long ORPHAN = 0x5000_0500L;

    @Test
    void framesAndJniLocalsNameTheirThreadAndFrame() throws IOException {
        HprofBuilder b = HprofBuilder.jdk17();
        b.klass(THREAD_CLASS, "java/lang/Thread", OBJECT).field("name", Hprof.OBJECT).field("tid", Hprof.LONG).done();
        // HotSpot writes the thread object's root before its stack's (heapDumper.cpp), but the
        // reader must not count on it: the frames come first here.
        b.root(Hprof.ROOT_JAVA_FRAME, HELD, 7, 2)
                .root(Hprof.ROOT_JAVA_FRAME, HELD, 7, 0)
                .root(Hprof.ROOT_JAVA_FRAME, HELD, 7, 2)
                .root(Hprof.ROOT_JNI_LOCAL, JNI, 7, -1)
                .root(Hprof.ROOT_JAVA_FRAME, ORPHAN, 9, 4)
                .root(Hprof.ROOT_THREAD_OBJECT, WORKER, 7, 1)
                .root(Hprof.ROOT_JNI_GLOBAL, HELD);
        b.instance(WORKER, THREAD_CLASS, new int[] {Hprof.OBJECT, Hprof.LONG}, NAME, 1)
                .string(NAME, NAME_BYTES, "main")
                .instance(HELD, OBJECT, new int[0])
                .instance(JNI, OBJECT, new int[0])
                .instance(ORPHAN, OBJECT, new int[0]);
        Heap h = HeapLoader.load(b.write(dir.resolve("t.hprof")));
        assertEquals(List.of(), h.warnings());
        long worker = WORKER >>> 3;
        assertEquals(List.of(new GcRoot("stack_local", worker, "main", 0), new GcRoot("stack_local", worker, "main", 2),
                        new GcRoot("jni_global")), h.gcRoots(h.find(HELD >>> 3)),
                "each frame once, the thread by the id of the ROOT_THREAD_OBJECT of its serial, named by its name field");
        assertEquals(List.of(new GcRoot("jni_local", worker, "main", -1)), h.gcRoots(h.find(JNI >>> 3)),
                "frame number -1 (a thread with no Java frame): no depth");
        assertEquals(List.of(new GcRoot("stack_local", -1, null, 4)), h.gcRoots(h.find(ORPHAN >>> 3)),
                "a serial no ROOT_THREAD_OBJECT names: the frame without a thread");
        assertEquals(List.of(new GcRoot("thread")), h.gcRoots(h.find(worker)));
    }
}
