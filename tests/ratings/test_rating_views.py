"""The public rating page: opened by the QR link or by typed codes, one rating per dossier."""

from __future__ import annotations

import logging
import re
import unicodedata

import pytest
from django.test import Client
from feedback_world import PROCEDURE_NAME, FeedbackWorld

from tthc.ratings.codes import verification_code
from tthc.ratings.models import Rating
from tthc.ratings.services import client_fingerprint

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
PHONE = "Mozilla/5.0 (Linux; Android 10; Redmi 9A) Mobile"
WRONG = "Mã hồ sơ hoặc mã xác nhận không đúng"
ALREADY = "Hồ sơ này đã được đánh giá"


def citizen() -> Client:
    return Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=PHONE)


def answers(world: FeedbackWorld, dossier=None, **overrides: str) -> dict[str, str]:
    dossier = dossier or world.finished
    return {"m": verification_code(dossier.code), "kenh": "", "satisfaction": "satisfied",
            "agencies_contacted": "1", "disclosure_seen": "both", "comment": "", **overrides}


def test_qr_link_shows_what_is_rated_without_personal_data(world: FeedbackWorld) -> None:
    response = citizen().get(world.rate_url(world.finished))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (PROCEDURE_NAME, "Sở Tư pháp tỉnh Điện Biên", "HS-2020-0001", "03/02/2020", "17/02/2020",
                 "Đã trả kết quả ngày 15/02/2020"):
        assert text in html
    for level in ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"):
        assert f"<span>{level}</span>" in html
    assert html.count('type="radio" name="satisfaction"') == 5
    assert 'name="csrfmiddlewaretoken"' in html
    assert world.receiver_name not in html  # the official's name is not the citizen's business
    assert "Hồ sơ đang được giải quyết" not in html


def test_qr_rating_is_stored_with_channel_qr_and_a_fingerprint(world: FeedbackWorld) -> None:
    response = citizen().post(f"/danh-gia/{world.finished.code}/",
                              answers(world, comment="Cán bộ hướng dẫn tận tình"))

    assert response.status_code == 302
    assert response["Location"] == "/danh-gia/cam-on/"
    rating = Rating.objects.get(dossier=world.finished)
    assert (rating.channel, rating.satisfaction, rating.agencies_contacted, rating.disclosure_seen) == (
        "qr", "satisfied", 1, "both")
    assert rating.comment == "Cán bộ hướng dẫn tận tình"
    assert rating.submitted_at is not None
    assert rating.fingerprint == client_fingerprint(address=ADDRESS, user_agent=PHONE)
    assert ADDRESS not in rating.fingerprint
    thanks = citizen().get("/danh-gia/cam-on/").content.decode()
    assert "Cảm ơn ông/bà đã đánh giá" in thanks


def test_two_or_more_agencies_and_unanswered_optional_questions(world: FeedbackWorld) -> None:
    citizen().post(f"/danh-gia/{world.finished.code}/",
                   answers(world, agencies_contacted="2", disclosure_seen="", satisfaction="very_dissatisfied"))
    citizen().post(f"/danh-gia/{world.refused.code}/",
                   {"m": verification_code(world.refused.code), "satisfaction": "neutral"})

    first = Rating.objects.get(dossier=world.finished)
    assert (first.agencies_contacted, first.disclosure_seen, first.satisfaction) == (2, None, "very_dissatisfied")
    refused = Rating.objects.get(dossier=world.refused)  # a refused dossier can still be rated
    assert (refused.agencies_contacted, refused.disclosure_seen, refused.comment) == (None, None, "")


def test_satisfaction_is_required_and_the_form_keeps_the_other_answers(world: FeedbackWorld) -> None:
    response = citizen().post(f"/danh-gia/{world.finished.code}/",
                              answers(world, satisfaction="", comment="Nhanh gọn"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Xin chọn một mức độ hài lòng." in html
    assert 'aria-describedby="id_satisfaction_error"' in html
    assert "Nhanh gọn" in html
    assert 'value="both" id="id_disclosure_seen_0" checked' in html
    assert not Rating.objects.exists()


def test_a_second_rating_is_refused_politely_and_the_first_stays(world: FeedbackWorld) -> None:
    citizen().post(f"/danh-gia/{world.finished.code}/", answers(world, satisfaction="very_satisfied"))

    again = Client(REMOTE_ADDR="198.51.100.9").post(f"/danh-gia/{world.finished.code}/",
                                                     answers(world, satisfaction="very_dissatisfied",
                                                             kenh="online"))

    assert again.status_code == 409
    html = again.content.decode()
    assert ALREADY in html
    assert "ý kiến đã gửi trước đó được giữ nguyên" in html
    assert "already been rated" not in html  # English is for the language switcher
    rating = Rating.objects.get(dossier=world.finished)
    assert (rating.satisfaction, rating.channel) == ("very_satisfied", "qr")
    # Opening the link again says so at once, without a form to fill in for nothing.
    reopened = citizen().get(world.rate_url(world.finished))
    assert reopened.status_code == 200
    assert ALREADY in reopened.content.decode()
    assert 'name="satisfaction"' not in reopened.content.decode()


def test_an_identical_resend_thanks_again_and_stores_nothing_more(world: FeedbackWorld) -> None:
    first = citizen().post(f"/danh-gia/{world.finished.code}/", answers(world))
    second = citizen().post(f"/danh-gia/{world.finished.code}/", answers(world))

    assert first["Location"] == second["Location"] == "/danh-gia/cam-on/"
    assert Rating.objects.count() == 1


def test_a_rating_by_another_channel_first_is_kept(world: FeedbackWorld) -> None:
    Rating.objects.create(dossier=world.finished, channel="paper", satisfaction="neutral",
                          entered_by="Văn thư", batch="L07")

    response = citizen().post(f"/danh-gia/{world.finished.code}/", answers(world))

    assert response.status_code == 409
    assert Rating.objects.get(dossier=world.finished).channel == "paper"


def test_a_dossier_in_progress_invites_rating_once_the_result_is_ready(world: FeedbackWorld) -> None:
    html = citizen().get(world.rate_url(world.processing)).content.decode()

    assert "Hồ sơ đang được giải quyết" in html
    assert "sau khi nhận kết quả" in html
    assert 'name="satisfaction"' in html


@pytest.mark.parametrize("code", ["", "ABCDEFGH", "abcd-efg", "ĐĂƠƯ1234", "²"])
def test_a_wrong_or_missing_code_on_the_link_is_refused(world: FeedbackWorld, code: str) -> None:
    response = citizen().get(world.rate_url(world.finished, code))

    assert response.status_code == 403
    html = response.content.decode()
    assert WRONG in html
    assert PROCEDURE_NAME not in html
    post = citizen().post(f"/danh-gia/{world.finished.code}/", answers(world, m=code))
    assert post.status_code == 403
    assert not Rating.objects.exists()


def test_a_code_of_another_dossier_is_refused(world: FeedbackWorld) -> None:
    response = citizen().get(world.rate_url(world.finished, verification_code(world.refused.code)))

    assert response.status_code == 403


def test_a_refusal_tells_nothing_about_whether_the_dossier_exists(world: FeedbackWorld) -> None:
    existing = citizen().post("/danh-gia/", {"dossier_code": world.finished.code, "code": "ABCDEFGH"})
    missing = citizen().post("/danh-gia/", {"dossier_code": "HS-2020-9999", "code": "ABCDEFGH"})
    missing_link = citizen().get("/danh-gia/HS-2020-9999/?m=" + verification_code("HS-2020-9999"))

    assert existing.status_code == missing.status_code == missing_link.status_code == 403

    def page(response) -> str:  # type: ignore[no-untyped-def]
        html = response.content.decode().replace(world.finished.code, "X").replace("HS-2020-9999", "X")
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # masked anew each time
        return re.sub(r'name="next" value="[^"]+"', "", html)  # the language switcher: the page's own address

    assert page(existing) == page(missing) == page(missing_link)


def test_typed_codes_open_the_form_with_channel_online(world: FeedbackWorld) -> None:
    code = verification_code(world.finished.code)
    typed = f"{code[:4].lower()} {code[4:].lower()}"  # as read aloud and typed on a phone

    response = citizen().post("/danh-gia/", {"dossier_code": " hs-2020-0001 ", "code": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/danh-gia/HS-2020-0001/?m={code}&kenh=online"
    form = citizen().get(response["Location"]).content.decode()
    assert 'name="kenh" value="online"' in form
    citizen().post("/danh-gia/HS-2020-0001/", answers(world, kenh="online"))
    assert Rating.objects.get(dossier=world.finished).channel == "online"


@pytest.mark.parametrize(("fields", "message"), [
    ({"dossier_code": "HS-2020-0001", "code": ""}, "Xin nhập mã xác nhận"),
    ({"dossier_code": "", "code": "ABCDEFGH"}, "Xin nhập mã hồ sơ"),
])
def test_typed_lookup_without_a_code_is_refused(world: FeedbackWorld, fields: dict[str, str],
                                                message: str) -> None:
    response = citizen().post("/danh-gia/", fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_lookup_page_explains_both_codes(world: FeedbackWorld) -> None:
    html = citizen().get("/danh-gia/").content.decode()

    assert "Nhập mã hồ sơ và mã xác nhận" in html
    # English is for the header's language switcher, not after each line.
    assert 'lang="en"' not in html[html.index("<main>"):]
    assert 'name="csrfmiddlewaretoken"' in html


def test_forms_need_the_csrf_token(world: FeedbackWorld) -> None:
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS)

    assert strict.post(f"/danh-gia/{world.finished.code}/", answers(world)).status_code == 403
    assert strict.post("/danh-gia/", {"dossier_code": world.finished.code,
                                      "code": verification_code(world.finished.code)}).status_code == 403
    assert not Rating.objects.exists()


def test_control_characters_in_the_comment_are_refused_with_a_message(world: FeedbackWorld) -> None:
    response = citizen().post(f"/danh-gia/{world.finished.code}/", answers(world, comment="tốt\x07"))

    assert response.status_code == 400
    assert "ký tự điều khiển" in response.content.decode()
    assert not Rating.objects.exists()


def test_comment_is_stored_in_nfc(world: FeedbackWorld) -> None:
    decomposed = unicodedata.normalize("NFD", "Cán bộ nhiệt tình")  # as some phone keyboards send it
    assert len(decomposed) > len("Cán bộ nhiệt tình")
    citizen().post(f"/danh-gia/{world.finished.code}/", answers(world, comment=decomposed))

    assert Rating.objects.get().comment == "Cán bộ nhiệt tình"


def test_no_address_or_browser_in_the_logs(world: FeedbackWorld, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        citizen().get(world.rate_url(world.finished, "WRONGCODE"))
        citizen().post(f"/danh-gia/{world.finished.code}/", answers(world))
        citizen().post(f"/danh-gia/{world.finished.code}/", answers(world, satisfaction="neutral"))

    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records  # the refusals are logged …
    assert ADDRESS not in logged  # … without the address
    assert "Redmi" not in logged


def test_nul_characters_are_refused_at_the_edge(world: FeedbackWorld) -> None:
    # PostgreSQL rejects NUL in text: a clear refusal, never a server error.
    comment = citizen().post(f"/danh-gia/{world.finished.code}/", answers(world, comment="tốt\x00"))
    lookup = citizen().post("/danh-gia/", {"dossier_code": "HS\x00", "code": "ABCDEFGH"})
    link = citizen().get("/danh-gia/HS%00/?m=ABCDEFGH")

    assert comment.status_code == lookup.status_code == 400
    assert link.status_code == 403
    assert not Rating.objects.exists()
