"""The procedures of the demonstration data set and which units handle them.

Names are titles of real procedures of the national catalogue (public), with the time
limits, online levels and fields they had around 2020, simplified. The codes are **not**
the national catalogue's: they are numbered in a block of our own (``1.009xxx``) so that
a demonstration catalogue can never be mistaken for, or collide with, the real one.

``owners`` says who handles a procedure: a province agency's code, ``district`` (every
district-level People's Committee) or ``commune`` (every commune in the sample).
``weight`` is the relative yearly volume of the procedure at one unit of that owner.
``partners`` are the agencies taking a liên thông step in another unit's dossier.
``at_commune_desk``: the district decides, but the applicant files at the commune
(social allowances under Decree 136/2013, in force in 2020).
"""

from __future__ import annotations

from dataclasses import dataclass

WD = "working_days"
WH = "working_hours"
DAYS = "days"

DISTRICT = "district"
COMMUNE = "commune"

CODE_BLOCK = "1.009"


@dataclass(frozen=True, slots=True)
class ProcedureSpec:
    name: str
    field: str
    time_limit: int
    time_unit: str
    online_level: str
    owners: tuple[str, ...]
    weight: float
    desk_exempt: bool | None = None
    partners: tuple[str, ...] = ()
    at_commune_desk: bool = False


def _p(name: str, field: str, limit: int, unit: str, online: str, owners: str | tuple[str, ...],
       weight: float, *, desk_exempt: bool | None = None, partners: tuple[str, ...] = (),
       at_commune_desk: bool = False) -> ProcedureSpec:
    return ProcedureSpec(
        name, field, limit, unit, online, (owners,) if isinstance(owners, str) else owners,
        weight, desk_exempt, partners, at_commune_desk,
    )


_CT_BAN_SAO = ("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm "
               "quyền của Việt Nam cấp hoặc chứng nhận")
_CT_CHU_KY = ("Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
              "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể "
              "điểm chỉ được)")

SPECS: tuple[ProcedureSpec, ...] = (
    # Sở Tư pháp
    _p("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại "
       "Việt Nam", "Lý lịch tư pháp", 10, WD, "full", "STP", 40),
    _p("Đăng ký hành nghề và cấp Thẻ công chứng viên", "Công chứng", 10, WD, "partial", "STP", 0.6),
    _p("Đăng ký hoạt động Văn phòng công chứng", "Công chứng", 10, WD, "partial", "STP", 0.4),
    _p("Đăng ký hoạt động của tổ chức hành nghề luật sư", "Luật sư", 10, WD, "partial", "STP",
       0.6),
    _p("Đăng ký hoạt động của doanh nghiệp đấu giá tài sản", "Bán đấu giá tài sản", 7, WD,
       "none", "STP", 0.3),
    # Sở Kế hoạch và Đầu tư
    _p("Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và hoạt động doanh nghiệp", 3, WD,
       "full", "SKHDT", 5),
    _p("Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
       "Thành lập và hoạt động doanh nghiệp", 3, WD, "full", "SKHDT", 7),
    _p("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "Thành lập và hoạt động doanh nghiệp",
       3, WD, "full", "SKHDT", 10),
    _p("Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo",
       "Thành lập và hoạt động doanh nghiệp", 3, WD, "full", "SKHDT", 3),
    _p("Quyết định chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh", "Đầu tư tại Việt Nam", 35,
       DAYS, "none", "SKHDT", 0.5, partners=("STNMT",)),
    _p("Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện quyết định chủ trương "
       "đầu tư", "Đầu tư tại Việt Nam", 15, DAYS, "partial", "SKHDT", 0.5),
    # Sở Tài chính
    _p("Đăng ký mã số đơn vị có quan hệ với ngân sách", "Tin học - Thống kê", 2, WD, "full",
       "STC", 5),
    _p("Thẩm tra, phê duyệt quyết toán vốn đầu tư dự án hoàn thành", "Quản lý vốn đầu tư", 60,
       DAYS, "none", "STC", 1.5),
    # Sở Công Thương
    _p("Cấp Giấy phép bán buôn sản phẩm rượu", "Lưu thông hàng hóa trong nước", 15, WD,
       "partial", "SCT", 0.8),
    _p("Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu",
       "Lưu thông hàng hóa trong nước", 20, WD, "partial", "SCT", 1.2),
    _p("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm thuộc thẩm quyền của Sở "
       "Công Thương", "An toàn thực phẩm", 20, WD, "partial", "SCT", 1),
    _p("Cấp Giấy phép bán buôn sản phẩm thuốc lá", "Lưu thông hàng hóa trong nước", 15, WD,
       "none", "SCT", 0.4),
    # Sở Nông nghiệp và Phát triển nông thôn
    _p("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh "
       "doanh nông, lâm, thủy sản", "Quản lý chất lượng nông lâm sản và thủy sản", 15, WD,
       "partial", "SNNPTNT", 1.5),
    _p("Cấp Chứng chỉ hành nghề thú y", "Thú y", 5, WD, "partial", "SNNPTNT", 1.2),
    _p("Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật", "Bảo vệ thực vật",
       20, DAYS, "partial", "SNNPTNT", 2),
    _p("Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn "
       "cấp tỉnh", "Thú y", 3, WD, "none", "SNNPTNT", 4),
    # Sở Giao thông vận tải
    _p("Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp", "Đường bộ", 5, WD, "full",
       "SGTVT", 30),
    _p("Cấp lại Giấy phép lái xe", "Đường bộ", 10, WD, "partial", "SGTVT", 5),
    _p("Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", "Đường bộ", 5, WD, "full", "SGTVT", 2),
    _p("Cấp phù hiệu xe taxi, xe hợp đồng, xe vận tải hàng hóa bằng công-ten-nơ, xe ô tô vận "
       "tải hàng hóa, xe trung chuyển", "Đường bộ", 2, WD, "full", "SGTVT", 9),
    _p("Cấp Giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn, xe bánh xích, xe vận "
       "chuyển hàng siêu trường, siêu trọng trên đường bộ", "Đường bộ", 2, WD, "partial",
       "SGTVT", 1.5),
    # Sở Xây dựng
    _p("Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II", "Hoạt động xây dựng", 20,
       WD, "partial", "SXD", 1.5),
    _p("Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", "Hoạt động xây dựng", 20, WD,
       "none", "SXD", 1.5),
    _p("Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "Hoạt động xây dựng",
       20, WD, "partial", "SXD", 2),
    _p("Cấp chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III", "Hoạt động xây dựng", 20,
       WD, "partial", "SXD", 1),
    # Sở Tài nguyên và Môi trường
    _p("Thẩm định, phê duyệt báo cáo đánh giá tác động môi trường", "Môi trường", 45, DAYS,
       "none", "STNMT", 0.8),
    _p("Cấp giấy phép khai thác, sử dụng nước mặt", "Tài nguyên nước", 30, WD, "partial",
       "STNMT", 0.5),
    _p("Giao đất, cho thuê đất không thông qua hình thức đấu giá quyền sử dụng đất đối với tổ "
       "chức", "Đất đai", 20, WD, "none", "STNMT", 1, partners=("STC",)),
    _p("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các "
       "trường hợp chuyển nhượng, cho thuê, tặng cho, thừa kế", "Đất đai", 10, WD, "partial",
       "STNMT", 14, partners=("STC",)),
    _p("Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền "
       "với đất", "Đất đai", 7, WD, "partial", "STNMT", 5),
    # Sở Nội vụ
    _p("Thành lập hội", "Tổ chức phi chính phủ", 30, WD, "none", "SNV", 0.3),
    _p("Phê duyệt điều lệ hội", "Tổ chức phi chính phủ", 30, DAYS, "none", "SNV", 0.4),
    _p("Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh", "Thi đua - Khen thưởng", 20, WD,
       "partial", "SNV", 3),
    # Sở Thông tin và Truyền thông
    _p("Cấp giấy phép hoạt động in", "Xuất bản, In và Phát hành", 7, WD, "partial", "STTTT",
       0.4),
    _p("Cấp giấy phép xuất bản bản tin", "Báo chí", 30, DAYS, "full", "STTTT", 0.5),
    _p("Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
       "Phát thanh, truyền hình và thông tin điện tử", 10, WD, "full", "STTTT", 0.4),
    _p("Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh", "Xuất bản, In và Phát hành",
       10, WD, "partial", "STTTT", 0.6),
    # Sở Lao động - Thương binh và Xã hội
    _p("Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "Việc làm",
       5, WD, "full", "SLDTBXH", 0.6),
    _p("Giải quyết hưởng trợ cấp thất nghiệp", "Việc làm", 20, WD, "partial", "SLDTBXH", 8),
    _p("Đăng ký nội quy lao động của doanh nghiệp", "Lao động - Tiền lương", 7, WD, "partial",
       "SLDTBXH", 0.6),
    # Sở Văn hóa, Thể thao và Du lịch
    _p("Cấp Giấy phép kinh doanh dịch vụ karaoke", "Văn hóa cơ sở", 5, WD, "partial", "SVHTTDL",
       1),
    _p("Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao, 3 sao đối với khách sạn, "
       "biệt thự du lịch, căn hộ du lịch", "Du lịch", 30, DAYS, "partial", "SVHTTDL", 0.5),
    _p("Cấp thẻ hướng dẫn viên du lịch nội địa", "Lữ hành", 10, WD, "partial", "SVHTTDL", 0.5),
    # Sở Khoa học và Công nghệ
    _p("Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
       "Hoạt động khoa học và công nghệ", 15, WD, "partial", "SKHCN", 0.3),
    _p("Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán trong y tế",
       "An toàn bức xạ và hạt nhân", 10, WD, "full", "SKHCN", 0.6),
    _p("Đăng ký kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu",
       "Tiêu chuẩn Đo lường Chất lượng", 1, WD, "full", "SKHCN", 0.6),
    # Sở Giáo dục và Đào tạo
    _p("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Văn bằng, chứng chỉ", 1, WD, "full",
       "SGDDT", 5),
    _p("Chỉnh sửa nội dung văn bằng, chứng chỉ", "Văn bằng, chứng chỉ", 5, WD, "partial",
       "SGDDT", 1),
    _p("Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
       "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", 20, WD, "partial", "SGDDT", 0.3),
    _p("Chuyển trường đối với học sinh trung học phổ thông",
       "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", 3, WD, "partial", "SGDDT", 1.5),
    # Sở Y tế
    _p("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh đối với người Việt Nam thuộc thẩm quyền "
       "của Sở Y tế", "Khám bệnh, chữa bệnh", 10, WD, "partial", "SYT", 2),
    _p("Cấp giấy phép hoạt động đối với phòng khám chuyên khoa thuộc thẩm quyền của Sở Y tế",
       "Khám bệnh, chữa bệnh", 45, DAYS, "partial", "SYT", 0.4),
    _p("Cấp Chứng chỉ hành nghề dược theo hình thức xét hồ sơ", "Dược phẩm", 20, DAYS,
       "partial", "SYT", 1.5),
    _p("Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc", "Dược phẩm",
       20, WD, "partial", "SYT", 1.5),
    _p("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất thực "
       "phẩm thuộc thẩm quyền của Sở Y tế", "An toàn thực phẩm", 20, WD, "partial", "SYT", 0.8),
    # Ban Dân tộc
    _p("Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "Công tác dân tộc", 10, WD,
       "partial", "BDT", 1),
    _p("Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số",
       "Công tác dân tộc", 10, WD, "none", "BDT", 0.2),
    # Thanh tra tỉnh: complaints and denunciations follow their own laws, not the desk.
    _p("Giải quyết khiếu nại lần đầu tại cấp tỉnh", "Giải quyết khiếu nại", 30, DAYS, "none",
       "TTT", 0.8, desk_exempt=True),
    _p("Giải quyết tố cáo tại cấp tỉnh", "Giải quyết tố cáo", 30, DAYS, "none", "TTT", 0.5,
       desk_exempt=True),
    _p("Xử lý đơn tại cấp tỉnh", "Xử lý đơn thư", 10, WD, "partial", "TTT", 1.5),
    # Ủy ban nhân dân cấp huyện
    _p("Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch", 3, WD, "partial", DISTRICT, 0.2),
    _p("Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch", 15, WD, "partial", DISTRICT, 0.2),
    _p("Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc", "Hộ tịch", 3, WD,
       "partial", DISTRICT, 1.5),
    _p(_CT_BAN_SAO, "Chứng thực", 4, WH, "none", (DISTRICT, COMMUNE), 6),
    _p(_CT_CHU_KY, "Chứng thực", 4, WH, "none", (DISTRICT, COMMUNE), 1.5),
    _p("Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng Tư pháp",
       "Chứng thực", 4, WH, "none", DISTRICT, 0.5),
    _p("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và "
       "nhà ở", "Chứng thực", 2, WD, "none", (DISTRICT, COMMUNE), 2.5),
    _p("Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", 3, WD,
       "partial", DISTRICT, 6),
    _p("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
       "Thành lập và hoạt động của hộ kinh doanh", 3, WD, "partial", DISTRICT, 2),
    _p("Cấp Giấy phép bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước", 10, WD,
       "partial", DISTRICT, 0.8),
    _p("Cấp Giấy phép bán lẻ sản phẩm thuốc lá", "Lưu thông hàng hóa trong nước", 15, WD,
       "partial", DISTRICT, 0.6),
    _p("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "Hoạt động xây dựng", 15, DAYS,
       "partial", DISTRICT, 4),
    _p("Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
       "liền với đất lần đầu", "Đất đai", 30, WD, "partial", DISTRICT, 5,
       partners=("STNMT", "STC")),
    _p("Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với "
       "hộ gia đình, cá nhân", "Đất đai", 15, WD, "partial", DISTRICT, 2.5, partners=("STC",)),
    _p("Giao đất, cho thuê đất cho hộ gia đình, cá nhân không thông qua hình thức đấu giá "
       "quyền sử dụng đất", "Đất đai", 20, WD, "none", DISTRICT, 1, partners=("STC",)),
    _p("Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm "
       "sóc, nuôi dưỡng hàng tháng", "Bảo trợ xã hội", 20, WD, "none", DISTRICT, 3,
       at_commune_desk=True),
    _p("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 5, WD, "none",
       DISTRICT, 1, at_commune_desk=True),
    _p("Chuyển trường đối với học sinh trung học cơ sở",
       "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", 3, WD, "partial", DISTRICT, 1.5),
    _p("Công nhận trường tiểu học đạt chuẩn quốc gia",
       "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", 20, WD, "none", DISTRICT, 0.1),
    # Ủy ban nhân dân cấp xã
    _p("Đăng ký khai sinh", "Hộ tịch", 1, WD, "partial", COMMUNE, 10),
    _p("Đăng ký kết hôn", "Hộ tịch", 1, WD, "partial", COMMUNE, 3),
    _p("Đăng ký khai tử", "Hộ tịch", 1, WD, "partial", COMMUNE, 3),
    _p("Cấp bản sao trích lục hộ tịch", "Hộ tịch", 1, WD, "full", COMMUNE, 4),
    _p("Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", 3, WD, "partial", COMMUNE, 4),
    _p("Đăng ký nhận cha, mẹ, con", "Hộ tịch", 3, WD, "partial", COMMUNE, 0.4),
    _p("Đăng ký giám hộ", "Hộ tịch", 3, WD, "partial", COMMUNE, 0.2),
    _p("Đăng ký lại khai sinh", "Hộ tịch", 5, WD, "partial", COMMUNE, 0.8),
    _p("Thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", 3, WD, "partial", COMMUNE,
       1),
    _p("Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
       "Bảo trợ xã hội", 30, DAYS, "none", COMMUNE, 0.6),
    _p("Hòa giải tranh chấp đất đai", "Đất đai", 45, DAYS, "none", COMMUNE, 0.3),
    _p("Đăng ký hoạt động tín ngưỡng", "Tín ngưỡng, tôn giáo", 15, DAYS, "none", COMMUNE, 0.1),
)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    code: str
    spec: ProcedureSpec


def catalogue() -> tuple[CatalogueEntry, ...]:
    """The procedures with their demonstration codes, in catalogue order."""
    return tuple(CatalogueEntry(f"{CODE_BLOCK}{i:03d}", spec) for i, spec in enumerate(SPECS, 1))
