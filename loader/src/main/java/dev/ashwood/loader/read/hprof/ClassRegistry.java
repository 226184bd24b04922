package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.model.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes of a dump by id and by index. The reading thread adds them; parser threads look
 * them up (a class is added before any block that could hold its instances is handed over).
 */
final class ClassRegistry {
    private final Map<Long, HprofClass> byId = new ConcurrentHashMap<>();
    private final List<HprofClass> byIndex = new ArrayList<>();
    private final HprofClass[] primitiveArrays = new HprofClass[12];
    private final Tables tables;
    private final int idSize;

    ClassRegistry(Tables tables, int idSize) {
        this.tables = tables;
        this.idSize = idSize;
    }

    synchronized void add(HprofClass c) {
        byId.put(c.id, c);
        byIndex.add(c);
        if (c.jvmName.length() == 2 && c.jvmName.charAt(0) == '[') {
            int type = c.elementType();
            if (type != Hprof.OBJECT) {
                primitiveArrays[type] = c;
            }
        }
    }

    synchronized int size() {
        return byIndex.size();
    }

    synchronized HprofClass at(int index) {
        return byIndex.get(index);
    }

    HprofClass get(long id) {
        return byId.get(id);
    }

    synchronized HprofClass primitiveArray(int type) {
        return type >= 0 && type < primitiveArrays.length ? primitiveArrays[type] : null;
    }

    /** The first class dumped under this JVM name, or null. */
    synchronized HprofClass named(String jvmName) {
        for (HprofClass c : byIndex) {
            if (c.jvmName.equals(jvmName)) {
                return c;
            }
        }
        return null;
    }

    /** The class's instance plan, built once. */
    InstancePlan plan(HprofClass c) {
        InstancePlan plan = c.plan;
        if (plan == null) {
            synchronized (c) {
                plan = c.plan;
                if (plan == null) {
                    plan = InstancePlan.of(c, byId, idSize, tables);
                    c.plan = plan;
                }
            }
        }
        return plan;
    }
}
