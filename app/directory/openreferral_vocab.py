"""The fixed names of Signpost's Open Referral UK mapping, shared by both directions
(app.directory.openreferral writes services, app.directory.openreferral_in reads them back).
"""

from __future__ import annotations

import re
import uuid

from .entry import DAYS

# Fixed for ever: every derived id (organisation, terms, schedules...) hangs off it.
NAMESPACE = uuid.UUID("844dc5be-e050-4103-8e05-1e08672d1c2e")
EXTENSION = "signpost"
GROUPING_TAXONOMY = "thrive-grouping"
TOPIC_TAXONOMY = "signpost-topic"
TAXONOMIES = {
    GROUPING_TAXONOMY: "The five groupings of need in the THRIVE Framework for system change.",
    TOPIC_TAXONOMY: "Signpost topics: what a child or young person may want help with.",
}
ENGLAND_URI = "http://statistics.data.gov.uk/id/statistical-geography/E92000001"
ALWAYS_TEXT = "24 hours a day, every day"
RRULE_DAYS = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
STATUS_OUT = {"active": "active", "temporarily-closed": "temporarily closed",
              "inactive": "inactive"}
STATUS_IN = {"active": "active", "temporarily closed": "temporarily-closed",
             "inactive": "inactive", "defunct": "inactive"}
LIST_FIELDS = ("id", "organization_id", "name", "description", "url", "email", "status",
               "minimum_age", "maximum_age", "assured_date", "alert", "last_modified",
               "organization")
CLOCK = re.compile(r"^(\d\d):(\d\d)(?::(\d\d))?$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d")
