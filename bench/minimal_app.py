"""The floor to compare with: a bare Flask endpoint doing the same inserts as one submitted
parent path (a response and its typed answers), with no forms, sessions or templates.

A Core insert skips the ORM's events, so each answer row comes with what the app copies from
its response (consultation, audience, weight)."""

import os
from datetime import date

from flask import Flask, request
from sqlalchemy import create_engine, insert

from consult.config import normalise_database_url
from consult.consultation.models import Answer, Response

engine = create_engine(normalise_database_url(os.environ["DATABASE_URL"]))
app = Flask(__name__)


@app.post("/submit")
def submit():
    data = request.get_json()
    with engine.begin() as connection:
        response_id = connection.execute(
            insert(Response).values(
                consultation_id=data["consultation_id"],
                channel_id=data["channel_id"],
                audience="parent",
                language="fr",
                submitted_on=date.today(),
                mode="self",
                client_token=data["token"],
            )
        ).inserted_primary_key[0]
        keys = {key for answer in data["answers"] for key in answer}
        connection.execute(
            insert(Answer),
            [
                {"response_id": response_id, **dict.fromkeys(keys), **answer}
                for answer in data["answers"]
            ],
        )
    return {"id": response_id}, 201
