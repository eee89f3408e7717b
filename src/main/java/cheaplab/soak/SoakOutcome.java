package cheaplab.soak;

/**
 * What happened to one run of the soak.
 *
 * @param step          the planned run
 * @param id            the run's id
 * @param status        its final status as the server reports it
 * @param cancelAnswer  the HTTP status of the cancel request (202, or 409 when it had already ended); 0 if none
 * @param cancelMillis  from the cancel request to a terminal status; -1 if not cancelled
 * @param wallMillis    from submission to a terminal status
 * @param socket        how the WebSocket client's stream ended
 * @param sawEnd        the client received the terminal event
 * @param gaps          the client saw a seq out of order or a message it could not parse
 */
record SoakOutcome(SoakPlan.Step step, String id, String status, int cancelAnswer, long cancelMillis, long wallMillis,
                   String socket, boolean sawEnd, boolean gaps) {

    /**
     * The status this run must end in: cancelled when the server accepted its cancel (202: an accepted cancel is never
     * lost), else finished; and a client that watched to the end saw every event up to the terminal one.
     */
    boolean expected() {
        if (step.action() == SoakPlan.Action.CANCEL && cancelAnswer == 202) return status.equals("cancelled");
        if (!status.equals("finished")) return false;
        return step.action() != SoakPlan.Action.WATCH || (sawEnd && !gaps);
    }
}
