package dev.ashwood.loader.analysis;

import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.loader.SummaryRow;
import dev.ashwood.loader.model.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Meliae's summarize: count, total and largest size per type, over all or reachable objects. */
public final class Summarizer {
    private Summarizer() {
    }

    public static Summary summarize(Model m, SummaryOptions options) {
        int types = m.tables.types.size();
        long[] count = new long[types];
        long[] bytes = new long[types];
        long[] max = new long[types];
        int[] maxIndex = new int[types];
        long[] objects = new long[1];
        java.util.function.IntConsumer add = i -> {
            int t = m.type[i];
            long s = m.size(i);
            if (count[t]++ == 0 || s > max[t]) {
                max[t] = s;
                maxIndex[t] = i;
            }
            bytes[t] += s;
            objects[0]++;
        };
        if (options.root() < 0) {
            for (int i = 0; i < m.count; i++) {
                add.accept(i);
            }
        } else {
            Reach.walk(m, options.root(), options.excluding(), add);
        }
        List<SummaryRow> rows = new ArrayList<>();
        long total = 0;
        for (int t = 0; t < types; t++) {
            if (count[t] > 0) {
                rows.add(new SummaryRow(m.tables.types.get(t), count[t], bytes[t], max[t],
                        m.addresses.address(maxIndex[t])));
                total += bytes[t];
            }
        }
        Comparator<SummaryRow> bySize = Comparator.comparingLong(SummaryRow::bytes).thenComparingLong(SummaryRow::count);
        Comparator<SummaryRow> byCount = Comparator.comparingLong(SummaryRow::count).thenComparingLong(SummaryRow::bytes);
        Comparator<SummaryRow> order = options.order() == SummaryOptions.Order.SIZE ? bySize : byCount;
        // Largest first; ties (same size and count) by type name, so the output is stable.
        rows.sort(order.reversed().thenComparing(SummaryRow::type));
        int distinct = rows.size();
        return new Summary(objects[0], distinct, total, rows.subList(0, Math.min(options.top(), distinct)));
    }
}
