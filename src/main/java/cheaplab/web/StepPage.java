package cheaplab.web;

import java.util.List;
import java.util.Map;

/**
 * How a lab page changes when it is a workshop step's (web/WorkshopRoutes.java): the banner above the lab
 * (templates/fragments/workshop.html reads it), where the form posts and "Reset" goes, and the knobs participants
 * may not change (shown, disabled) or do not see.
 */
record StepPage(String title, Map<String, Object> banner, String runsUrl, String href, List<String> locked,
                List<String> hidden) {}
