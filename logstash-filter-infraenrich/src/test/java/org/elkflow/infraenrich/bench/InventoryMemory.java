package org.elkflow.infraenrich.bench;

import org.elkflow.infraenrich.inventory.GeneratedInventory;
import org.elkflow.infraenrich.inventory.Inventory;
import org.elkflow.infraenrich.inventory.InventoryFormat;
import org.elkflow.infraenrich.inventory.InventoryListener;
import org.elkflow.infraenrich.inventory.LongestPrefixTable;
import org.elkflow.infraenrich.inventory.InfraRecord;

/** Heap retained by an inventory of N generated prefixes (default 1,000,000), measured after full GCs. */
public final class InventoryMemory {

    private InventoryMemory() { }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String csv = GeneratedInventory.csv(GeneratedInventory.generate(n, 9));
        long before = usedAfterGc();
        long start = System.nanoTime();
        LongestPrefixTable<InfraRecord> table = Inventory.parse("generated", InventoryFormat.CSV, csv,
                InventoryListener.NONE);
        long buildMillis = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc();
        System.out.printf("inventory: %,d distinct prefixes (of %,d rows, 7 attributes each) retain %.1f MB of heap;"
                        + " parsed and built in %,d ms%n", table.size(), n, (after - before) / 1e6, buildMillis);
        if (table.size() < 0) {
            System.out.println(table); // keep it reachable
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
