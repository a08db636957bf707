package org.elkflow.infraenrich.inventory;

/** Turns the text of one source into a table; bad rows go to the listener, a hopeless source throws. */
interface InventoryParser {

    void parse(String source, String text, RowSink sink) throws InventoryFormatException;
}
