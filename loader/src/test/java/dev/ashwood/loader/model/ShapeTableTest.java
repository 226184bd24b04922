package dev.ashwood.loader.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShapeTable#hasCode} against a scan of each shape's codes, on random shapes interned
 * before and after the first questions (the per-code answers grow with the table); the seed is
 * printed so a failure can be replayed.
 */
class ShapeTableTest {
    @Test
    void hasCodeSaysWhetherAShapeHoldsAFieldCode() {
        long seed = System.nanoTime();
        System.out.println("ShapeTableTest seed " + seed);
        Random random = new Random(seed);
        NameTable names = new NameTable();
        ShapeTable shapes = new ShapeTable(names);
        int[] codes = new int[12];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = k < 8 ? ShapeTable.nameCode(names.intern("f" + k)) : k - 8;
        }
        List<Integer> ids = new ArrayList<>();
        List<int[]> seqs = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int s = 0; s < 300; s++) {
                int[] seq = new int[1 + random.nextInt(6)];
                for (int k = 0; k < seq.length; k++) {
                    seq[k] = codes[random.nextInt(codes.length)];
                }
                ids.add(shapes.intern(seq, 0, seq.length));
                seqs.add(seq);
            }
            for (int i = 0; i < ids.size(); i++) {
                for (int code : codes) {
                    boolean want = false;
                    for (int c : seqs.get(i)) {
                        want |= c == code;
                    }
                    assertEquals(want, shapes.hasCode(ids.get(i), code), "seed " + seed + ": shape " + ids.get(i)
                            + " holds code " + code + " exactly when one of its references has it");
                }
            }
        }
        assertEquals(false, shapes.hasCode(ShapeTable.EMPTY, codes[0]), "the empty shape holds nothing");
        assertEquals(true, shapes.hasCode(ShapeTable.DENSE_ARRAY, 3), "a dense array holds every index");
        assertEquals(false, shapes.hasCode(ShapeTable.DENSE_ARRAY, codes[0]), "and no field name but <class>");
    }
}
