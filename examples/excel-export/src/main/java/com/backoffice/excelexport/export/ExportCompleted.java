package com.backoffice.excelexport.export;

import java.time.Instant;

/**
 * An export finished: raised inside the transaction that records it, published to the
 * platform only once that transaction commits.
 *
 * @param export the export, completed
 * @param at when it completed
 */
record ExportCompleted(Export export, Instant at) {

}
