package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Model;

/** A model after an operation that changed it, and how many objects or refs that changed. */
public record Rebuilt(Model model, int changed) {
}
