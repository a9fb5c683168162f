package com.backoffice.excelexport.export;

/**
 * One export an admin asked for.
 *
 * @param id the export
 * @param requestedBy the admin who asked for it, who is told when it is ready
 * @param fileName the file it writes
 * @param status RUNNING, then COMPLETED
 * @param rows how many rows it wrote, once completed
 */
public record Export(String id, String requestedBy, String fileName, String status, Integer rows) {

}
