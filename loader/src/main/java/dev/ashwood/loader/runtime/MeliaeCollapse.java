package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.NameTable;
import dev.ashwood.loader.model.Referrers;
import dev.ashwood.loader.model.SmallLongs;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.BitSet;
import java.util.Set;

/**
 * Meliae's collapse_instance_dicts, rule for rule: an instance whose refs are exactly
 * {@code [dict, type]} (or an old-style {@code instance} with {@code [classobj, dict]}), or a
 * module whose only ref is a dict, absorbs that dict: its refs become the dict's refs plus the type (none for a module), its size grows by the dict's,
 * and the dict disappears. An instance takes its dict only when the dict's only referrer is the
 * instance; a module takes its dict whoever else refers to it (functions do, through
 * {@code __globals__}): that is what Meliae's output on real dumps shows, so that is the rule.
 * Decisions use the refs and referrers as loaded, as Meliae's do.
 */
final class MeliaeCollapse {
    /** Types Meliae never collapses. */
    private static final Set<String> NEVER = Set.of("str", "dict", "tuple", "list", "type", "function",
            "wrapper_descriptor", "code", "classobj", "int", "weakref");

    private MeliaeCollapse() {
    }

    static Rebuilt collapse(Model m) {
        Referrers referrers = m.referrers();
        NameTable types = m.tables.types;
        boolean[] never = new boolean[types.size()];
        for (int t = 0; t < never.length; t++) {
            never[t] = NEVER.contains(types.get(t));
        }
        int dict = types.find("dict");
        int type = types.find("type");
        int module = types.find("module");
        int instance = types.find("instance");
        int classobj = types.find("classobj");

        int n = m.count;
        BitSet removed = new BitSet(n);
        // absorbed[i]: the dict object i takes in; its type ref (or -1) in extra[i].
        int[] absorbed = new int[n];
        int[] extra = new int[n];
        int[] newType = null;
        SmallLongs sizes = new SmallLongs(n);
        int collapsed = 0;
        for (int i = 0; i < n; i++) {
            sizes.set(i, m.size(i));
        }
        for (int i = 0; i < n; i++) {
            absorbed[i] = -1;
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            int t = m.type[i];
            if (never[t]) {
                continue;
            }
            int refs = m.refCount(i);
            int first = refs > 0 ? m.refs[m.refStart[i]] : -1;
            int dictObj;
            int typeObj = -1;
            if (t == module && refs == 1) {
                if (m.type[first] != dict) {
                    continue;
                }
                dictObj = first;
            } else {
                if (refs != 2) {
                    continue;
                }
                int second = m.refs[m.refStart[i] + 1];
                if (m.type[first] == dict && m.type[second] == type) {
                    dictObj = first;
                    typeObj = second;
                } else if (t == instance && m.type[first] == classobj && m.type[second] == dict) {
                    typeObj = first;
                    dictObj = second;
                } else {
                    continue;
                }
            }
            // Meliae's output (test-fixtures/meliae) shows module dicts folded even when functions
            // refer to them too (their __globals__): only instance dicts need a single referrer.
            boolean soleReferrer = referrers.count(dictObj) == 1 && referrers.from[referrers.start[dictObj]] == i;
            if (removed.get(dictObj) || (typeObj >= 0 && !soleReferrer)) {
                continue;
            }
            collapsed++;
            absorbed[i] = dictObj;
            extra[i] = typeObj;
            removed.set(dictObj);
            sizes.set(i, m.size(i) + m.size(dictObj));
            if (t == instance && t >= 0) {
                if (newType == null) {
                    newType = m.type.clone();
                }
                newType[i] = types.intern(className(m, typeObj));
            }
        }
        if (collapsed == 0) {
            return new Rebuilt(m, 0);
        }
        m.releaseReferrers(); // decided; rebuilt on next use
        int[] start = new int[n + 1];
        IntArrayList refs = new IntArrayList(m.totalRefs());
        for (int i = 0; i < n; i++) {
            start[i] = refs.size();
            int d = absorbed[i];
            if (d < 0) {
                refs.addElements(refs.size(), m.refs, m.refStart[i], m.refCount(i));
            } else {
                refs.addElements(refs.size(), m.refs, m.refStart[d], m.refCount(d));
                if (extra[i] >= 0) {
                    refs.add(extra[i]);
                }
            }
        }
        start[n] = refs.size();
        return new Rebuilt(Rewrite.apply(m, removed, sizes, newType, start, refs.elements(), null), collapsed);
    }

    /** An old-style instance takes its class's name: the classobj's value (or name) in Meliae's dumps. */
    private static String className(Model m, int classObj) {
        Object v = m.tables.values.value(m.value[classObj]);
        if (v != null) {
            return v.toString();
        }
        int name = m.names.getOrDefault(classObj, -1);
        return name >= 0 ? m.tables.strings.get(name) : "instance";
    }
}
