"""The crossing (Temps 2): internal x external SWOT items, typed SO/WO/ST/WT."""
