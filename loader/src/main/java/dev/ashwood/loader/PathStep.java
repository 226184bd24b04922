package dev.ashwood.loader;

/**
 * One step of a path from a GC root to an object.
 *
 * @param address the object at this step
 * @param type    its type name
 * @param field   the field, pseudo-field or array index that leads from the previous step to this
 *                one; null on the first step and for Meliae dumps (which name no fields)
 * @param root    on the first step, the root kind holding the object ({@code "no referrers"} for
 *                Meliae dumps, which record no roots); null on the other steps
 */
public record PathStep(long address, String type, String field, String root) {
}
