"""Every notice as a printable A4 PDF in the Chinese official layout (GB/T 9704), with a QR code."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from huanjie.bulletin import public, qr
from huanjie.bulletin.cache import public_page
from huanjie.core.dates import zh_date
from huanjie.core.pdf import render_pdf
from huanjie.elections.models import Notice

PDF_MAX_AGE = 86400  # a notice never changes; only a new layout would change its PDF


def notice_pdf_bytes(notice: Notice) -> bytes:
    """The PDF of a notice, the same from the dynamic site and from publish-static."""
    address = qr.notice_address(reverse("bulletin:notice", args=[notice.pk]))
    shown = public.shown(notice, en=False)
    local = timezone.localtime(notice.published_at)
    return render_pdf(
        "bulletin/notice_pdf.html",
        {
            "n": shown,
            "paragraphs": [p.strip() for p in shown.body.split("\n") if p.strip()],
            "date": zh_date(local.date()),
            "published": local.strftime("%Y-%m-%d %H:%M"),
            "address": address,
            "qr": qr.svg_data_uri(address),
            "code": public.code_of(notice),
            "verify": qr.notice_address(reverse("bulletin:verify")),
        },
    )


@public_page(max_age=PDF_MAX_AGE)
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = public.notices().filter(pk=pk).first()
    if found is None:
        raise Http404
    from huanjie.bulletin import pdfstore

    return HttpResponse(pdfstore.notice_pdf(found), content_type="application/pdf")
