from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from partnership_portal.accounts.decorators import employer_required, login_required, staff_required

from . import selectors


@staff_required
def partner_list(request):
    query = request.GET.get("q", "")
    partners = selectors.partner_search(selectors.partners_visible_to(request.user), query)
    page = Paginator(partners, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(request, "partners/partner_list.html", {"page_obj": page, "query": query})


@login_required
def partner_detail(request, pk):
    partner = selectors.get_partner_for(request.user, pk)
    return render(request, "partners/partner_detail.html", {"partner": partner})


@employer_required
def my_organisation(request):
    return redirect("partners:detail", pk=request.user.partner_id)
