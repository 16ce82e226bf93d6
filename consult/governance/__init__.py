"""The partnership process: partners, governance bodies, timeline, meetings, decisions."""
