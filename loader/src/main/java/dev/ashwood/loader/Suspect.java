package dev.ashwood.loader;

import java.util.List;

/**
 * A likely leak: one object, or a group of same-type objects under one dominator, retaining more
 * than a threshold share of the heap.
 *
 * @param index           the object; for a group, the dominator the group shares (-1 for the virtual root)
 * @param group           true for a group of same-type objects that each stay under the threshold
 * @param type            the object's type, or the type of the group's members
 * @param members         1, or the size of the group
 * @param retainedObjects objects retained (by the group together)
 * @param retainedBytes   bytes retained (by the group together)
 * @param accumulation    where the retained bytes spread out: following the largest dominated object
 *                        while it holds at least 80% of its dominator's bytes, the last object
 *                        reached (the object itself when none does; -1 for a group)
 * @param belowType       the type whose objects, directly under the accumulation point (under the
 *                        shared dominator, for a group), retain the most bytes; null when none
 * @param belowCount      how many of them
 * @param belowBytes      the bytes they retain together
 * @param path            a path from a GC root to {@link #index} (empty for the virtual root)
 */
public record Suspect(int index, boolean group, String type, long members, long retainedObjects, long retainedBytes,
                      int accumulation, String belowType, long belowCount, long belowBytes, List<PathStep> path) {
    public Suspect {
        path = List.copyOf(path);
    }
}
