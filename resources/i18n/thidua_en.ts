<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <source>Cá nhân</source>
        <translation>Individuals</translation>
    </message>
    <message>
        <source>Hộ gia đình</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Tập thể</source>
        <translation>Collectives</translation>
    </message>
    <message>
        <source>Xếp loại hằng năm</source>
        <translation>Annual ratings</translation>
    </message>
    <message>
        <source>Kỷ luật</source>
        <translation>Discipline</translation>
    </message>
    <message>
        <source>Sáng kiến, đề tài</source>
        <translation>Initiatives and research</translation>
    </message>
    <message>
        <source>Đăng ký thi đua</source>
        <translation>Registrations</translation>
    </message>
    <message>
        <source>Thành tích</source>
        <translation>Achievements</translation>
    </message>
    <message>
        <source>Chỉ tiêu</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <source>Hội đồng thi đua</source>
        <translation>Emulation council</translation>
    </message>
    <message>
        <source>Văn bản đã ban hành</source>
        <translation>Issued documents</translation>
    </message>
    <message>
        <source>Quyết định khen thưởng</source>
        <translation>Award decisions</translation>
    </message>
    <message>
        <source>Tờ trình đề nghị</source>
        <translation>Proposals to the province</translation>
    </message>
    <message>
        <source>Dòng quyết định khen thưởng</source>
        <translation>Award decision rows</translation>
    </message>
    <message>
        <source>Dòng tờ trình đề nghị</source>
        <translation>Proposal rows</translation>
    </message>
    <message>
        <source>Khen thưởng đã nhận</source>
        <translation>Awards received</translation>
    </message>
    <message>
        <source>“{text}”: năm phải viết đủ 4 chữ số, ví dụ 05/12/1980.</source>
        <translation>“{text}”: write the year with all 4 digits, e.g. 05/12/1980.</translation>
    </message>
    <message>
        <source>“{text}” không có trên lịch (kiểm tra lại ngày và tháng).</source>
        <translation>“{text}” is not a calendar date (check the day and month).</translation>
    </message>
    <message>
        <source>“{text}” không phải là ngày. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/1980.</source>
        <translation>“{text}” is not a date. Enter it as day/month/year, e.g. 05/12/1980.</translation>
    </message>
    <message>
        <source>Đối tượng</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>cá nhân</source>
        <translation>individual</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Dạng ngày/tháng/năm, ví dụ 05/12/1980</source>
        <translation>As day/month/year, e.g. 05/12/1980</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>Citizen ID no.</translation>
    </message>
    <message>
        <source>12 chữ số trên thẻ căn cước</source>
        <translation>The 12 digits on the citizen ID card</translation>
    </message>
    <message>
        <source>Thành phần</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Chức vụ, nghề nghiệp</source>
        <translation>Position, occupation</translation>
    </message>
    <message>
        <source>Đơn vị công tác / thôn, tổ dân phố</source>
        <translation>Workplace / village, residential group</translation>
    </message>
    <message>
        <source>Sở chưa nhận tệp gửi trước tệp này. Đề nghị xã gửi lại cả các tệp trước (mục Gửi Sở, danh sách tệp đã xuất) rồi gửi lại tệp này.</source>
        <translation>The Department has not received the file sent before this one. Ask the commune to send the earlier files again (Send to the Department, list of exported files), then this file.</translation>
    </message>
    <message>
        <source>Xã đã xuất hai tệp khác nhau cùng số thứ tự (có thể dùng hai máy hoặc khôi phục bản sao lưu cũ). Đề nghị xã gọi Sở trước khi xuất tệp mới.</source>
        <translation>The commune exported two different files with the same number (two PCs, or an old backup restored). Ask the commune to call the Department before exporting a new file.</translation>
    </message>
    <message>
        <source>Tệp cũ hơn tệp Sở đã nhận (có thể xã đã khôi phục bản sao lưu cũ). Đề nghị xã gọi Sở để được hướng dẫn.</source>
        <translation>The file is older than one the Department already received (the commune may have restored an old backup). Ask the commune to call the Department for guidance.</translation>
    </message>
    <message>
        <source>Máy của xã chưa đăng ký khóa với Sở. Đề nghị xã gửi tệp đăng ký khóa và đọc vân tay qua điện thoại.</source>
        <translation>The commune&apos;s PC has not enrolled its key with the Department. Ask the commune to send the enrolment request and read the fingerprint by phone.</translation>
    </message>
    <message>
        <source>Khóa ký của xã đã bị thu hồi. Đề nghị xã đăng ký khóa mới với Sở rồi xuất lại tệp.</source>
        <translation>The commune&apos;s signing key was revoked. Ask the commune to enrol a new key with the Department, then export the file again.</translation>
    </message>
    <message>
        <source>Khóa ký của xã đã hết hạn. Đề nghị xã đổi khóa (đăng ký khóa mới) rồi xuất lại tệp.</source>
        <translation>The commune&apos;s signing key has expired. Ask the commune to change its key (enrol a new one), then export the file again.</translation>
    </message>
    <message>
        <source>Tệp được ký bằng khóa của đơn vị khác. Đề nghị xã kiểm tra máy đang dùng và xuất lại tệp từ máy của xã.</source>
        <translation>The file is signed with another unit&apos;s key. Ask the commune to check the PC it uses and export the file again from the commune&apos;s PC.</translation>
    </message>
    <message>
        <source>Tệp được mã hóa cho khóa khác, không phải khóa của Sở. Đề nghị xã cài lại tệp khóa công khai của Sở rồi xuất lại tệp.</source>
        <translation>The file is encrypted for another key, not the Department&apos;s. Ask the commune to install the Department&apos;s public key file again, then export the file again.</translation>
    </message>
    <message>
        <source>Tệp được mã hóa cho cả người ngoài Sở. Đề nghị xã xuất lại tệp bằng phần mềm.</source>
        <translation>The file is also encrypted for someone outside the Department. Ask the commune to export the file again with the software.</translation>
    </message>
    <message>
        <source>Tệp chưa được mã hóa. Đề nghị xã xuất lại tệp bằng phần mềm.</source>
        <translation>The file is not encrypted. Ask the commune to export the file again with the software.</translation>
    </message>
    <message>
        <source>Tệp bị hỏng hoặc bị sửa trên đường gửi. Đề nghị xã chép lại tệp từ máy của xã và gửi lại (không mở, không sửa tệp).</source>
        <translation>The file was damaged or altered on the way. Ask the commune to copy the file again from its PC and send it again (without opening or editing it).</translation>
    </message>
    <message>
        <source>Tệp bị cắt cụt (chép chưa hết). Đề nghị xã chép lại tệp và gửi lại.</source>
        <translation>The file is truncated (not copied completely). Ask the commune to copy the file again and send it again.</translation>
    </message>
    <message>
        <source>Tệp gửi đến không phải tệp dữ liệu thi đua. Đề nghị xã gửi đúng tệp ThiDua_….tdkt.</source>
        <translation>The file sent is not an emulation data file. Ask the commune to send the right ThiDua_….tdkt file.</translation>
    </message>
    <message>
        <source>Tệp quá lớn. Đề nghị xã gọi Sở để được hướng dẫn.</source>
        <translation>The file is too large. Ask the commune to call the Department for guidance.</translation>
    </message>
    <message>
        <source>Tệp quá lớn khi giải nén. Đề nghị xã gọi Sở để được hướng dẫn.</source>
        <translation>The file is too large when decompressed. Ask the commune to call the Department for guidance.</translation>
    </message>
    <message>
        <source>Có bản ghi không hợp lệ trong tệp. Đề nghị xã mở phần mềm, sửa bản ghi được báo lỗi rồi xuất lại tệp.</source>
        <translation>The file has an invalid record. Ask the commune to open the software, fix the record reported, then export the file again.</translation>
    </message>
    <message>
        <source>Sau khi đăng ký lại khóa, tệp đầu tiên phải mang mã nối tiếp do Sở cấp. Sở gửi điểm nối tiếp cho xã; xã nhận rồi xuất lại tệp.</source>
        <translation>After a key re-enrolment the first file must carry the resume code the Department issued. The Department sends the resume point to the commune; the commune receives it and exports the file again.</translation>
    </message>
    <message>
        <source>Tệp đang được Sở giữ lại chờ xác minh (sau khi đổi khóa, tệp xóa hoặc sửa nhiều dữ liệu). Gọi xã xác nhận trước khi nhập.</source>
        <translation>The Department is holding the file for verification (after a key change, it deletes or changes much data). Call the commune to confirm before importing.</translation>
    </message>
    <message>
        <source>Tệp không đọc được hoặc không đúng định dạng. Đề nghị xã xuất lại tệp bằng phần mềm và gửi lại.</source>
        <translation>The file cannot be read or is not in the right format. Ask the commune to export the file again with the software and send it again.</translation>
    </message>
    <message>
        <source>Chưa nhận được tệp dữ liệu năm {year}. Đề nghị xã xuất tệp (mục Gửi Sở) và gửi về Sở Nội vụ trước ngày {deadline}.</source>
        <translation>No data file for {year} received yet. Ask the commune to export its file (Send to the Department) and send it to the Department of Home Affairs before {deadline}.</translation>
    </message>
    <message>
        <source>Đã quá hạn {deadline}, chưa nhận được tệp dữ liệu năm {year}. Đề nghị xã xuất tệp và gửi ngay.</source>
        <translation>The deadline {deadline} has passed and no data file for {year} was received. Ask the commune to export its file and send it now.</translation>
    </message>
    <message>
        <source>Tệp bị từ chối</source>
        <translation>File refused</translation>
    </message>
    <message>
        <source>Tệp bị giữ lại</source>
        <translation>File held</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Tình hình</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Nội dung cần báo</source>
        <translation>What to tell them</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Đơn vị / thôn</source>
        <translation>Unit / village</translation>
    </message>
    <message>
        <source>hộ gia đình</source>
        <translation>household</translation>
    </message>
    <message>
        <source>Chủ hộ</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>Thôn, tổ dân phố</source>
        <translation>Village, residential group</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Số nhân khẩu</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>tập thể</source>
        <translation>collective</translation>
    </message>
    <message>
        <source>Tên tập thể</source>
        <translation>Collective name</translation>
    </message>
    <message>
        <source>Người đứng đầu</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>kết quả xếp loại</source>
        <translation>rating</translation>
    </message>
    <message>
        <source>Cá nhân / tập thể</source>
        <translation>Individual / collective</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Mức xếp loại</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>thông tin kỷ luật</source>
        <translation>discipline record</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Như trong lý lịch, ví dụ: xã Tiên Du, tỉnh Bắc Ninh</source>
        <translation>As in the personal record, e.g. Tiên Du commune, Bắc Ninh province</translation>
    </message>
    <message>
        <source>Nơi thường trú hoặc tạm trú</source>
        <translation>Permanent or temporary residence</translation>
    </message>
    <message>
        <source>Ví dụ: Đại học Luật, Trung cấp Y</source>
        <translation>E.g. Bachelor of Law, Medical secondary school</translation>
    </message>
    <message>
        <source>Học hàm, học vị</source>
        <translation>Academic title and degree</translation>
    </message>
    <message>
        <source>Ví dụ: Thạc sĩ, Tiến sĩ; để trống nếu không có</source>
        <translation>For example: Master, Doctor; leave empty if none</translation>
    </message>
    <message>
        <source>Nhiệm vụ được giao</source>
        <translation>Assigned duty</translation>
    </message>
    <message>
        <source>Như ghi trong báo cáo thành tích</source>
        <translation>As written in the achievement report</translation>
    </message>
    <message>
        <source>Ngày bắt đầu làm việc theo quyết định tuyển dụng hoặc hợp đồng; để trống nếu không có</source>
        <translation>First day of work under the recruitment decision or contract; leave empty if none</translation>
    </message>
    <message>
        <source>Ngày quyết định giải thể, sáp nhập có hiệu lực</source>
        <translation>The day the dissolution or merger decision took effect</translation>
    </message>
    <message>
        <source>Tập thể tiếp nhận; để trống nếu không thuộc xã</source>
        <translation>The receiving collective; leave empty if it is not in the commune</translation>
    </message>
    <message>
        <source>Cơ quan cấp trên</source>
        <translation>Superior body</translation>
    </message>
    <message>
        <source>Ghi ở đầu báo cáo thành tích, ví dụ: Ủy ban nhân dân xã Tiên Du</source>
        <translation>Printed at the top of the achievement report, for example: People&apos;s Committee of Tiên Du commune</translation>
    </message>
    <message>
        <source>Hình thức kỷ luật</source>
        <translation>Disciplinary measure</translation>
    </message>
    <message>
        <source>Bắt buộc khi tình trạng là “Đã bị kỷ luật”</source>
        <translation>Required when the status is “Đã bị kỷ luật” (disciplined)</translation>
    </message>
    <message>
        <source>Số quyết định</source>
        <translation>Decision no.</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Hình thức</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>sáng kiến, đề tài</source>
        <translation>initiative or research project</translation>
    </message>
    <message>
        <source>Tác giả</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>Tên sáng kiến, đề tài</source>
        <translation>Initiative or research title</translation>
    </message>
    <message>
        <source>Phạm vi công nhận</source>
        <translation>Recognition level</translation>
    </message>
    <message>
        <source>Cơ quan công nhận</source>
        <translation>Recognised by</translation>
    </message>
    <message>
        <source>Số quyết định công nhận</source>
        <translation>Recognition decision no.</translation>
    </message>
    <message>
        <source>Ngày công nhận</source>
        <translation>Recognition date</translation>
    </message>
    <message>
        <source>Phạm vi</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>đăng ký thi đua</source>
        <translation>registration</translation>
    </message>
    <message>
        <source>Cá nhân / tập thể / hộ</source>
        <translation>Individual / collective / household</translation>
    </message>
    <message>
        <source>Danh hiệu đăng ký</source>
        <translation>Title registered for</translation>
    </message>
    <message>
        <source>Ngày đăng ký</source>
        <translation>Registration date</translation>
    </message>
    <message>
        <source>Nội dung cam kết</source>
        <translation>Pledge</translation>
    </message>
    <message>
        <source>thành tích</source>
        <translation>achievement</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Nội dung thi đua</source>
        <translation>Emulation topic</translation>
    </message>
    <message>
        <source>Ngày đạt</source>
        <translation>Date achieved</translation>
    </message>
    <message>
        <source>Minh chứng (số văn bản...)</source>
        <translation>Evidence (document no. ...)</translation>
    </message>
    <message>
        <source>chỉ tiêu</source>
        <translation>indicator</translation>
    </message>
    <message>
        <source>Thuộc mục tiêu của tỉnh</source>
        <translation>Province target</translation>
    </message>
    <message>
        <source>Biên bản ghi Ông hoặc Bà theo giới tính</source>
        <translation>The minutes write Mr or Ms by sex</translation>
    </message>
    <message>
        <source>{name} (đã giải thể)</source>
        <translation>{name} (dissolved)</translation>
    </message>
    <message>
        <source>{name} (đã sáp nhập vào {into})</source>
        <translation>{name} (merged into {into})</translation>
    </message>
    <message>
        <source>{name} (đã sáp nhập)</source>
        <translation>{name} (merged)</translation>
    </message>
    <message>
        <source>Kỳ</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Chỉ tiêu của xã</source>
        <translation>Commune indicator</translation>
    </message>
    <message>
        <source>Đơn vị tính</source>
        <translation>Unit of measure</translation>
    </message>
    <message>
        <source>Kế hoạch</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Số, ví dụ 12,5 hoặc 1.234</source>
        <translation>A number, e.g. 12,5 or 1.234</translation>
    </message>
    <message>
        <source>Thực hiện</source>
        <translation>Achieved</translation>
    </message>
    <message>
        <source>Mục tiêu của tỉnh</source>
        <translation>Province target</translation>
    </message>
    <message>
        <source>thành viên hội đồng</source>
        <translation>council member</translation>
    </message>
    <message>
        <source>Chức danh trong Hội đồng</source>
        <translation>Council role</translation>
    </message>
    <message>
        <source>Chức vụ</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Thứ tự</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Không tìm thấy {what} (mã {id}); có thể đã bị xóa hẳn.</source>
        <translation>The {what} (no. {id}) was not found; it may have been deleted permanently.</translation>
    </message>
    <message>
        <source>Hộ {name}</source>
        <translation>Household of {name}</translation>
    </message>
    <message>
        <source>Chưa nhập {field}.</source>
        <translation>Enter the {field}.</translation>
    </message>
    <message>
        <source>Chưa chọn {field}.</source>
        <translation>Choose the {field}.</translation>
    </message>
    <message>
        <source>{field} {problem}. Hãy xóa ký tự đó (thường lẫn vào khi dán từ nơi khác) rồi lưu lại.</source>
        <translation>{field} {problem}. Delete that character (it usually comes in when pasting from elsewhere), then save again.</translation>
    </message>
    <message>
        <source>{field} dài {length} ký tự, vượt quá {limit} ký tự cho phép. Hãy rút gọn.</source>
        <translation>{field} is {length} characters long, over the {limit} allowed. Please shorten it.</translation>
    </message>
    <message>
        <source>{field}: giá trị “{value}” không có trong danh sách. Hãy chọn lại.</source>
        <translation>{field}: “{value}” is not in the list. Please choose again.</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>{field}: ngày {date} nằm ngoài khoảng cho phép, từ {first} đến {last}. Hãy kiểm tra lại.</source>
        <translation>{field}: the date {date} is outside the allowed range, {first} to {last}. Please check it.</translation>
    </message>
    <message>
        <source>{field} phải là một số nguyên (đang nhập “{value}”).</source>
        <translation>{field} must be a whole number (entered: “{value}”).</translation>
    </message>
    <message>
        <source>Năm {year} không hợp lệ: phải từ {first} đến {last}.</source>
        <translation>Year {year} is not valid: it must be from {first} to {last}.</translation>
    </message>
    <message>
        <source>{field} phải từ 0 đến 1.000.000.</source>
        <translation>{field} must be from 0 to 1,000,000.</translation>
    </message>
    <message>
        <source>{field}: bản ghi đã chọn không còn (có thể đã bị xóa). Hãy chọn lại.</source>
        <translation>{field}: the chosen record no longer exists (it may have been deleted). Please choose again.</translation>
    </message>
    <message>
        <source>{field}: “{name}” không phải thôn hay tổ dân phố.</source>
        <translation>{field}: “{name}” is not a village or residential group.</translation>
    </message>
    <message>
        <source>{field}: loại đối tượng không phù hợp.</source>
        <translation>{field}: this type of subject is not allowed.</translation>
    </message>
    <message>
        <source>Ngày sinh {date} ở tương lai. Hãy kiểm tra lại.</source>
        <translation>Date of birth {date} is in the future. Please check it.</translation>
    </message>
    <message>
        <source>Ngày sinh {date} trước năm {year}. Hãy kiểm tra lại.</source>
        <translation>Date of birth {date} is before {year}. Please check it.</translation>
    </message>
    <message>
        <source>Số CCCD {number} đã có trong hồ sơ của {name}, sinh {born}. Mỗi người chỉ có một hồ sơ: hãy mở hồ sơ đó để sửa thay vì thêm mới.</source>
        <translation>Citizen ID {number} is already on the record of {name}, born {born}. Each person has only one record: open that record and edit it instead of adding a new one.</translation>
    </message>
    <message>
        <source>Số CCCD {number} đã có trong hồ sơ của {name}. Mỗi người chỉ có một hồ sơ: hãy mở hồ sơ đó để sửa thay vì thêm mới.</source>
        <translation>Citizen ID {number} is already on the record of {name}. Each person has only one record: open that record and edit it instead of adding a new one.</translation>
    </message>
    <message>
        <source>Đã bị kỷ luật thì phải chọn hình thức kỷ luật.</source>
        <translation>For a disciplined subject, choose the disciplinary measure.</translation>
    </message>
    <message>
        <source>“Đến ngày” phải sau “Từ ngày”.</source>
        <translation>“To” must be after “From”.</translation>
    </message>
    <message>
        <source>Nội dung {sub_area} không thuộc lĩnh vực {area}. Hãy chọn lại.</source>
        <translation>Topic {sub_area} does not belong to area {area}. Please choose again.</translation>
    </message>
    <message>
        <source>Đã có kết quả xếp loại năm {year} cho đối tượng này. Hãy sửa bản ghi đó.</source>
        <translation>This subject already has a rating for {year}. Edit that record instead.</translation>
    </message>
    <message>
        <source>Danh hiệu này không dành cho loại đối tượng đã chọn.</source>
        <translation>This title is not available for the chosen type of subject.</translation>
    </message>
    <message>
        <source>{field} không được bắt đầu bằng ký tự “{char}” (Excel sẽ hiểu đó là công thức). Hãy xóa ký tự đó rồi lưu lại.</source>
        <translation>{field} must not begin with “{char}” (Excel would take it for a formula). Remove that character and save again.</translation>
    </message>
    <message>
        <source>Không tìm thấy {what} cần sửa; có thể đã bị xóa ở cửa sổ khác.</source>
        <translation>The {what} to edit was not found; it may have been deleted in another window.</translation>
    </message>
    <message>
        <source>Không tìm thấy {what} cần xóa; có thể đã bị xóa trước đó.</source>
        <translation>The {what} to delete was not found; it may have been deleted already.</translation>
    </message>
    <message>
        <source>Không tìm thấy {what} trong thùng rác.</source>
        <translation>The {what} was not found in the recycle bin.</translation>
    </message>
    <message>
        <source>Không khôi phục được: {reason}</source>
        <translation>Cannot restore: {reason}</translation>
    </message>
    <message>
        <source>(mã {id})</source>
        <translation>(no. {id})</translation>
    </message>
    <message>
        <source>Tạo cùng lúc {count} bản ghi</source>
        <translation>{count} records created at once</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Xóa (chuyển vào thùng rác)</source>
        <translation>Delete (moved to the recycle bin)</translation>
    </message>
    <message>
        <source>Khôi phục từ thùng rác</source>
        <translation>Restore from the recycle bin</translation>
    </message>
    <message>
        <source>Nhập dữ liệu</source>
        <translation>Import data</translation>
    </message>
    <message>
        <source>Ô Số CCCD là một số ({number}, {count} chữ số), không khôi phục được thành số CCCD 12 chữ số có mã tỉnh hợp lệ. Hãy định dạng cột Số CCCD là Văn bản (Text) và gõ lại đủ 12 chữ số như trên thẻ.</source>
        <translation>The CCCD cell holds a number ({number}, {count} digits) that cannot be restored to a 12-digit CCCD with a valid province code. Format the CCCD column as Text and type all 12 digits as on the card.</translation>
    </message>
    <message>
        <source>Số CCCD được Excel lưu dạng số nên mất số 0 ở đầu ({number}); đã khôi phục thành {restored}. Hãy đối chiếu với thẻ; lần sau định dạng cột Số CCCD là Văn bản (Text).</source>
        <translation>Excel stored the CCCD as a number and lost its leading zeros ({number}); restored as {restored}. Check it against the card; next time format the CCCD column as Text.</translation>
    </message>
    <message>
        <source>Ô Số CCCD ({number}) đã bị Excel đổi thành số dạng lũy thừa hoặc làm tròn, các chữ số cuối đã mất. Hãy định dạng cột Số CCCD là Văn bản (Text) và gõ lại đủ 12 chữ số như trên thẻ.</source>
        <translation>Excel turned the CCCD cell ({number}) into an exponent or rounded number and its last digits are lost. Format the CCCD column as Text and type all 12 digits as on the card.</translation>
    </message>
    <message>
        <source>Có {count} người cùng họ tên và ngày sinh trong dữ liệu: hãy ghi số CCCD để biết dòng này là ai.</source>
        <translation>{count} people with this name and birth date are in the data: write the CCCD so the row says who it is.</translation>
    </message>
    <message>
        <source>Có {count} hộ cùng tên chủ hộ ở thôn này trong dữ liệu: hãy ghi địa chỉ cho khớp với hộ cần cập nhật.</source>
        <translation>{count} households with this head&apos;s name are in this village: write the address of the household to update.</translation>
    </message>
    <message>
        <source>Người này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật hồ sơ).</source>
        <translation>This person is already in the data; skipped (choose “Add and update” to update the record).</translation>
    </message>
    <message>
        <source>Hộ này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật).</source>
        <translation>This household is already in the data; skipped (choose “Add and update” to update it).</translation>
    </message>
    <message>
        <source>Tập thể này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật).</source>
        <translation>This collective is already in the data; skipped (choose “Add and update” to update it).</translation>
    </message>
    <message>
        <source>Chỉ tiêu này đã có trong dữ liệu; bỏ qua (chọn “Thêm mới và cập nhật” để cập nhật).</source>
        <translation>This indicator is already in the data; skipped (choose “Add and update” to update it).</translation>
    </message>
    <message>
        <source>(trống)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>{record} (dòng {row}) đã được sửa hoặc xóa sau khi kiểm tra; chưa ghi gì. Hãy bấm “Kiểm tra dữ liệu” lại rồi nhập.</source>
        <translation>{record} (row {row}) was edited or deleted after the check; nothing was written. Press “Check data” again, then import.</translation>
    </message>
    <message>
        <source>Tự động</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>Trước khi nâng cấp dữ liệu</source>
        <translation>Before a data upgrade</translation>
    </message>
    <message>
        <source>Trước khi khôi phục</source>
        <translation>Before a restore</translation>
    </message>
    <message>
        <source>Do người dùng tạo</source>
        <translation>Made by the user</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu</source>
        <translation>Could not open the database</translation>
    </message>
    <message>
        <source>Không mở được tệp dữ liệu</source>
        <translation>Cannot open the data file</translation>
    </message>
    <message>
        <source>Khôi phục dữ liệu từ bản sao lưu</source>
        <translation>Restore data from a backup</translation>
    </message>
    <message>
        <source>Chọn một bản sao lưu để khôi phục. Dữ liệu hiện tại không bị ghi đè: nó được sao lưu (hoặc, nếu bị hỏng, được giữ nguyên ở tệp bên cạnh) trước khi khôi phục.</source>
        <translation>Choose a backup to restore. Your current data is not overwritten: it is backed up (or, if damaged, kept as it is in a file alongside) before the restore.</translation>
    </message>
    <message>
        <source>Chưa có bản sao lưu nào trong thư mục {folder}.</source>
        <translation>There are no backups in the folder {folder} yet.</translation>
    </message>
    <message>
        <source>Khôi phục bản đã chọn</source>
        <translation>Restore selected backup</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>số {sequence} (xuất ngày {date})</source>
        <translation>no. {sequence} (exported {date})</translation>
    </message>
    <message>
        <source>Sau thời điểm sao lưu này, máy đã xuất {count} tệp gửi Sở Nội vụ: {files}. Bản sao lưu không có các tệp đó, nhưng phần mềm vẫn nhớ số thứ tự và mã băm của chúng (giữ ngoài tệp dữ liệu): sau khi khôi phục, tệp gửi tiếp theo vẫn là số {next}, Sở Nội vụ nhận bình thường. Các hồ sơ nhập sau thời điểm sao lưu sẽ không có trong tệp gửi tiếp theo.</source>
        <translation>After this backup was taken, this PC exported {count} file(s) to the Department of Home Affairs: {files}. The backup does not have them, but the program still remembers their numbers and hashes (kept outside the data file): after the restore the next file is still no. {next}, and the Department accepts it as usual. Records entered after the backup will not be in the next file.</translation>
    </message>
    <message>
        <source>Khôi phục dữ liệu về bản sao lưu lúc {time} ngày {date}?
Những gì nhập sau thời điểm đó sẽ không còn trong dữ liệu đang dùng (dữ liệu hiện tại vẫn được giữ lại một bản).</source>
        <translation>Restore the data to the backup made at {time} on {date}?
Anything entered after that time will no longer be in the data in use (a copy of the current data is still kept).</translation>
    </message>
    <message>
        <source>Khôi phục dữ liệu</source>
        <translation>Restore data</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang khôi phục dữ liệu…</source>
        <translation>Restoring data…</translation>
    </message>
    <message>
        <source>Không khôi phục được</source>
        <translation>Could not restore</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Mật khẩu khóa ký</source>
        <translation>Signing key passphrase</translation>
    </message>
    <message>
        <source>Nhập mật khẩu bảo vệ khóa ký của đơn vị:</source>
        <translation>Enter the passphrase that protects your unit&apos;s signing key:</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Tên tệp</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>Thời gian xuất</source>
        <translation>Exported at</translation>
    </message>
    <message>
        <source>Số bản ghi</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Mã băm (đầu)</source>
        <translation>Hash (start)</translation>
    </message>
    <message>
        <source>Biên nhận của Sở</source>
        <translation>Department&apos;s receipt</translation>
    </message>
    <message>
        <source>Gửi dữ liệu lên Sở Nội vụ</source>
        <translation>Send data to the Department of Home Affairs</translation>
    </message>
    <message>
        <source>Xuất tệp gửi Sở…</source>
        <translation>Export file for the Department…</translation>
    </message>
    <message>
        <source>Tạo tệp đăng ký khóa…</source>
        <translation>Create key registration file…</translation>
    </message>
    <message>
        <source>Cài khóa của Sở…</source>
        <translation>Install the Department&apos;s key…</translation>
    </message>
    <message>
        <source>Nhận tệp từ Sở Nội vụ…</source>
        <translation>Receive a file from the Department…</translation>
    </message>
    <message>
        <source>Biên nhận, điểm nối tiếp, kết quả khen thưởng theo tờ trình, cập nhật danh mục</source>
        <translation>Receipts, resume points, the results of a proposal, catalog updates</translation>
    </message>
    <message>
        <source>In phiếu đăng ký khóa…</source>
        <translation>Print key registration form…</translation>
    </message>
    <message>
        <source>In công văn gửi kèm…</source>
        <translation>Print cover letter…</translation>
    </message>
    <message>
        <source>Các tệp đã xuất (máy giữ bản sao trong thư mục exports để gửi lại khi cần):</source>
        <translation>Exported files (copies are kept in the exports folder so they can be sent again if needed):</translation>
    </message>
    <message>
        <source>Vân tay khóa ký của đơn vị: &lt;b&gt;{fingerprint}&lt;/b&gt;</source>
        <translation>Your unit&apos;s signing key fingerprint: &lt;b&gt;{fingerprint}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Đơn vị chưa có khóa ký.</source>
        <translation>Your unit has no signing key yet.</translation>
    </message>
    <message>
        <source>Khóa của Sở đã cài: {name}, vân tay &lt;b&gt;{fingerprint}&lt;/b&gt;.</source>
        <translation>Department key installed: {name}, fingerprint &lt;b&gt;{fingerprint}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;Chưa cài khóa công khai của Sở Nội vụ: chưa thể xuất tệp.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;The Department of Home Affairs public key is not installed: files cannot be exported yet.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Đã nhận</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Bị từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Chưa có</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>Chưa ghi xong: bấm “Xuất tệp gửi Sở…” để ghi lại đúng tệp này</source>
        <translation>Not finished: click “Export file for the Department…” to write this same file again</translation>
    </message>
    <message>
        <source>Chọn tệp do Sở Nội vụ gửi</source>
        <translation>Choose the file the Department sent</translation>
    </message>
    <message>
        <source>Tệp của Sở Nội vụ (*.json);;Mọi tệp (*)</source>
        <translation>Department files (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Không nhận được tệp của Sở Nội vụ</source>
        <translation>The Department&apos;s file was not received</translation>
    </message>
    <message>
        <source>Đã nhận tệp của Sở Nội vụ</source>
        <translation>The Department&apos;s file was received</translation>
    </message>
    <message>
        <source>Xuất tệp dữ liệu gửi Sở Nội vụ</source>
        <translation>Export data file for the Department of Home Affairs</translation>
    </message>
    <message>
        <source>Tổng kết năm {year}</source>
        <translation>Year-end review {year}</translation>
    </message>
    <message>
        <source>Sơ kết 6 tháng đầu năm {year}</source>
        <translation>Mid-year review, first half of {year}</translation>
    </message>
    <message>
        <source>Kỳ báo cáo</source>
        <translation>Reporting period</translation>
    </message>
    <message>
        <source>Nội dung sẽ gửi</source>
        <translation>What will be sent</translation>
    </message>
    <message>
        <source>Loại hồ sơ</source>
        <translation>Record type</translation>
    </message>
    <message>
        <source>Lần gửi trước</source>
        <translation>Last sent</translation>
    </message>
    <message>
        <source>Chênh lệch</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Nơi ghi tệp</source>
        <translation>Save file to</translation>
    </message>
    <message>
        <source>Ổ USB</source>
        <translation>USB drive</translation>
    </message>
    <message>
        <source>(không thấy ổ USB nào đang cắm)</source>
        <translation>(no USB drive plugged in)</translation>
    </message>
    <message>
        <source>Thư mục</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Soạn thư điện tử có đính kèm tệp (mở bằng chương trình thư)</source>
        <translation>Compose an e-mail with the file attached (opens in your mail program)</translation>
    </message>
    <message>
        <source>Xuất tệp</source>
        <translation>Export file</translation>
    </message>
    <message>
        <source>Chọn thư mục ghi tệp</source>
        <translation>Choose the folder to save the file in</translation>
    </message>
    <message>
        <source>Lần xuất tệp số {sequence} trước đây chưa xong (tệp có thể đã ghi ra ổ đĩa). Bấm “Xuất tệp” để ghi lại đúng tệp đó (cùng số, cùng mã băm, kỳ {period}); sau đó mới xuất tệp mới.</source>
        <translation>The earlier export of file no. {sequence} did not finish (the file may already be on the drive). Click “Export file” to write that same file again (same number, same hash, period {period}); export a new file after that.</translation>
    </message>
    <message>
        <source>Tệp sẽ mang số thứ tự {sequence}. Tệp được ký bằng khóa của đơn vị và mã hóa để chỉ Sở Nội vụ đọc được.</source>
        <translation>The file will be number {sequence}. It is signed with your unit&apos;s key and encrypted so that only the Department of Home Affairs can read it.</translation>
    </message>
    <message>
        <source>Chưa xuất được</source>
        <translation>Cannot export yet</translation>
    </message>
    <message>
        <source>Thư mục {folder} không tồn tại. Hãy chọn thư mục khác.</source>
        <translation>The folder {folder} does not exist. Please choose another folder.</translation>
    </message>
    <message>
        <source>Đang chuẩn bị tệp dữ liệu…</source>
        <translation>Preparing the data file…</translation>
    </message>
    <message>
        <source>Đã soạn thư kèm tệp {file} ({email}). Hãy gửi thư đến Sở Nội vụ bằng chương trình thư điện tử.</source>
        <translation>An e-mail with {file} attached has been composed ({email}). Send it to the Department of Home Affairs from your mail program.</translation>
    </message>
    <message>
        <source>Đã ghi và đọc lại kiểm tra tệp {file} trên ổ USB. Có thể rút ổ USB an toàn (nên dùng “Safely Remove” của Windows).</source>
        <translation>{file} was written to the USB drive and read back to check it. You can remove the USB drive safely (preferably with Windows&apos; “Safely Remove”).</translation>
    </message>
    <message>
        <source>Đã ghi tệp {path}.</source>
        <translation>Saved {path}.</translation>
    </message>
    <message>
        <source>Đây là tệp số {sequence} của lần xuất trước chưa xong, ghi lại đúng như cũ. Nếu muốn gửi cả những gì mới nhập, hãy xuất thêm một tệp.</source>
        <translation>This is file no. {sequence} from the earlier export that did not finish, written again exactly as before. To send what was entered since, export one more file.</translation>
    </message>
    <message>
        <source>Mã băm SHA-256: {sha256}</source>
        <translation>SHA-256 hash: {sha256}</translation>
    </message>
    <message>
        <source>Đã xuất tệp dữ liệu</source>
        <translation>Data file exported</translation>
    </message>
    <message>
        <source>Không xuất được tệp</source>
        <translation>Could not export the file</translation>
    </message>
    <message>
        <source>Không tạo được tệp đăng ký</source>
        <translation>Could not create the registration file</translation>
    </message>
    <message>
        <source>Lưu tệp đăng ký khóa</source>
        <translation>Save key registration file</translation>
    </message>
    <message>
        <source>Tệp JSON (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>Đã tạo tệp đăng ký khóa</source>
        <translation>Key registration file created</translation>
    </message>
    <message>
        <source>Đã lưu {file}.

Gửi tệp này cho Sở Nội vụ, rồi gọi điện đọc vân tay khóa để Sở đối chiếu:

{fingerprint}</source>
        <translation>Saved {file}.

Send this file to the Department of Home Affairs, then phone them and read out the key fingerprint so they can compare it:

{fingerprint}</translation>
    </message>
    <message>
        <source>Đổi khóa ký</source>
        <translation>Change signing key</translation>
    </message>
    <message>
        <source>Tạo khóa ký mới cho đơn vị? Sau khi Sở Nội vụ đăng ký khóa mới, khóa cũ bị thu hồi và các tệp phải được ký bằng khóa mới.</source>
        <translation>Create a new signing key for your unit? Once the Department of Home Affairs registers the new key, the old key is revoked and files must be signed with the new key.</translation>
    </message>
    <message>
        <source>Đổi khóa</source>
        <translation>Change key</translation>
    </message>
    <message>
        <source>Mật khẩu cho khóa mới</source>
        <translation>Passphrase for the new key</translation>
    </message>
    <message>
        <source>Mật khẩu hiện tại ngắn hơn {minimum} ký tự. Đặt mật khẩu mới cho khóa mới (ít nhất {minimum} ký tự, nên dùng một câu dễ nhớ):</source>
        <translation>The current passphrase is shorter than {minimum} characters. Set a new passphrase for the new key (at least {minimum} characters; a sentence you remember works well):</translation>
    </message>
    <message>
        <source>Không đổi được khóa</source>
        <translation>Could not change the key</translation>
    </message>
    <message>
        <source>Đã tạo khóa mới</source>
        <translation>New key created</translation>
    </message>
    <message>
        <source>Yêu cầu đổi khóa đã lưu tại {file}. Gửi tệp này cho Sở Nội vụ và đọc vân tay khóa mới qua điện thoại:

{fingerprint}</source>
        <translation>The key change request was saved to {file}. Send this file to the Department of Home Affairs and read out the new key fingerprint over the phone:

{fingerprint}</translation>
    </message>
    <message>
        <source>Xác minh khóa của Sở Nội vụ</source>
        <translation>Verify the provincial office&apos;s key</translation>
    </message>
    <message>
        <source>Tệp khóa ghi là của: {name}.

Gọi điện cho Sở Nội vụ (số điện thoại trong công văn của Sở, không dùng số ghi trong thư gửi kèm tệp), đề nghị đọc vân tay khóa của Sở, rồi gõ vào ô dưới đây (24 ký tự, có hoặc không có dấu gạch).</source>
        <translation>The key file says it belongs to: {name}.

Call the Department of Home Affairs (the phone number in the Department&apos;s official letter, not one given in the e-mail that came with the file), ask them to read the Department&apos;s key fingerprint, and type it below (24 characters, with or without dashes).</translation>
    </message>
    <message>
        <source>Cài khóa</source>
        <translation>Install key</translation>
    </message>
    <message>
        <source>Chọn tệp khóa công khai của Sở Nội vụ</source>
        <translation>Choose the Department of Home Affairs public key file</translation>
    </message>
    <message>
        <source>Tệp khóa (*.json);;Mọi tệp (*)</source>
        <translation>Key files (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Không cài được khóa</source>
        <translation>Could not install the key</translation>
    </message>
    <message>
        <source>Đã cài khóa của Sở</source>
        <translation>Department key installed</translation>
    </message>
    <message>
        <source>{name}
Vân tay: {fingerprint}</source>
        <translation>{name}
Fingerprint: {fingerprint}</translation>
    </message>
    <message>
        <source>Chưa in được</source>
        <translation>Cannot print yet</translation>
    </message>
    <message>
        <source>Chức năng in văn bản chưa sẵn sàng.</source>
        <translation>Document printing is not available yet.</translation>
    </message>
    <message>
        <source>In lại biên nhận</source>
        <translation>Reprint a receipt</translation>
    </message>
    <message>
        <source>Sở chưa nhận tệp nào của đơn vị này.</source>
        <translation>The Department has received no file from this unit yet.</translation>
    </message>
    <message>
        <source>Biên nhận của tệp số:</source>
        <translation>Receipt of file no.:</translation>
    </message>
    <message>
        <source>Chưa in lại được biên nhận</source>
        <translation>Receipt not reprinted</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Xã, phường</source>
        <translation>Commune / ward</translation>
    </message>
    <message>
        <source>Khóa</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Tệp gần nhất</source>
        <translation>Latest file</translation>
    </message>
    <message>
        <source>Tiếp nhận dữ liệu các xã, phường</source>
        <translation>Data received from communes and wards</translation>
    </message>
    <message>
        <source>Nhập tệp của các xã…</source>
        <translation>Import commune files…</translation>
    </message>
    <message>
        <source>Đăng ký khóa của xã…</source>
        <translation>Register a commune&apos;s key…</translation>
    </message>
    <message>
        <source>Lưu tệp khóa công khai của Sở…</source>
        <translation>Save the Department&apos;s public key file…</translation>
    </message>
    <message>
        <source>Khóa của xã đang chọn…</source>
        <translation>Keys of the selected commune…</translation>
    </message>
    <message>
        <source>In lại biên nhận…</source>
        <translation>Reprint a receipt…</translation>
    </message>
    <message>
        <source>Khóa của xã</source>
        <translation>Commune keys</translation>
    </message>
    <message>
        <source>Hãy chọn một xã, phường trong bảng trước.</source>
        <translation>Select a commune or ward in the table first.</translation>
    </message>
    <message>
        <source>Danh sách cần nhắc…</source>
        <translation>Chase list…</translation>
    </message>
    <message>
        <source>Các xã, phường chưa nộp tệp của năm hoặc có tệp gần nhất bị từ chối: người cần gọi và nội dung cần báo; in hoặc xuất Excel.</source>
        <translation>Communes and wards that have not sent the year&apos;s file or whose last file was refused: who to call and what to tell them; print or export to Excel.</translation>
    </message>
    <message>
        <source>Đã đăng ký</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Chưa</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>Số {sequence}</source>
        <translation>No. {sequence}</translation>
    </message>
    <message>
        <source>Chưa nộp</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Không đạt</source>
        <translation>Not passed</translation>
    </message>
    <message>
        <source>Chưa đánh dấu</source>
        <translation>Not marked</translation>
    </message>
    <message>
        <source>Đang bình xét</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>Đã kết thúc bình xét</source>
        <translation>Review finished</translation>
    </message>
    <message>
        <source>Chủ hộ / Thôn, tổ dân phố</source>
        <translation>Household head / Village, residential group</translation>
    </message>
    <message>
        <source>Địa chỉ / Loại</source>
        <translation>Address / Kind</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Gia đình văn hóa (theo thôn, tổ dân phố)</source>
        <translation>Cultural family (per village, residential group)</translation>
    </message>
    <message>
        <source>Thôn, tổ dân phố văn hóa (toàn xã)</source>
        <translation>Cultural village, residential group (whole commune)</translation>
    </message>
    <message>
        <source>Mở đợt bình xét</source>
        <translation>Open review round</translation>
    </message>
    <message>
        <source>Thôn, tổ dân phố:</source>
        <translation>Village, residential group:</translation>
    </message>
    <message>
        <source>Các bước và thời hạn</source>
        <translation>Steps and deadlines</translation>
    </message>
    <message>
        <source>Người chủ trì</source>
        <translation>Chaired by</translation>
    </message>
    <message>
        <source>Ban Công tác Mặt trận, các đoàn thể</source>
        <translation>Front working group, mass organisations</translation>
    </message>
    <message>
        <source>Số người dự: </source>
        <translation>Attendance: </translation>
    </message>
    <message>
        <source>1. Họp bình xét:</source>
        <translation>1. Review meeting:</translation>
    </message>
    <message>
        <source>Ghi niêm yết</source>
        <translation>Record posting</translation>
    </message>
    <message>
        <source>2. Niêm yết từ:</source>
        <translation>2. Posted from:</translation>
    </message>
    <message>
        <source>Kết thúc bình xét</source>
        <translation>Finish review</translation>
    </message>
    <message>
        <source>3. Kết thúc bình xét:</source>
        <translation>3. Review finished:</translation>
    </message>
    <message>
        <source>Ghi nhận đủ hồ sơ</source>
        <translation>Record complete file</translation>
    </message>
    <message>
        <source>4. Nhận đủ hồ sơ / ký QĐ:</source>
        <translation>4. File complete / decision signed:</translation>
    </message>
    <message>
        <source>Tìm theo tên chủ hộ, địa chỉ…</source>
        <translation>Search by household head, address…</translation>
    </message>
    <message>
        <source>Mọi kết quả</source>
        <translation>All results</translation>
    </message>
    <message>
        <source>Tất cả: Đạt</source>
        <translation>All: Passed</translation>
    </message>
    <message>
        <source>Chưa đánh dấu: Đạt</source>
        <translation>Not marked: Passed</translation>
    </message>
    <message>
        <source>Dòng chọn: Đạt</source>
        <translation>Selected rows: Passed</translation>
    </message>
    <message>
        <source>Dòng chọn: Không đạt</source>
        <translation>Selected rows: Not passed</translation>
    </message>
    <message>
        <source>Đạt theo danh sách (CSV)…</source>
        <translation>Passed from a list (CSV)…</translation>
    </message>
    <message>
        <source>Mở lại đợt…</source>
        <translation>Reopen round…</translation>
    </message>
    <message>
        <source>Mở lại đợt đã kết thúc để sửa kết quả (ghi lý do); quyết định còn hiệu lực thì sau khi sửa ban hành quyết định thay thế.</source>
        <translation>Reopen a finished round to correct its results (give the reason); if its decision is in force, issue a replacing decision after the correction.</translation>
    </message>
    <message>
        <source>In biên bản</source>
        <translation>Print minutes</translation>
    </message>
    <message>
        <source>In quyết định</source>
        <translation>Print decision</translation>
    </message>
    <message>
        <source>Nhập tệp dữ liệu của các xã, phường</source>
        <translation>Import data files from communes and wards</translation>
    </message>
    <message>
        <source>{count} tệp đã chọn. Bước 1: xem trước (kiểm tra chữ ký, chuỗi tệp, nội dung; chưa ghi gì). Bước 2: nhập các tệp hợp lệ.</source>
        <translation>{count} files selected. Step 1: preview (checks signatures, file sequence and contents; nothing is saved). Step 2: import the valid files.</translation>
    </message>
    <message>
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Nhập các tệp hợp lệ</source>
        <translation>Import valid files</translation>
    </message>
    <message>
        <source>Xác nhận nhập tệp bị giữ…</source>
        <translation>Confirm held files…</translation>
    </message>
    <message>
        <source>Xác nhận nhập tệp bị giữ</source>
        <translation>Confirm held files</translation>
    </message>
    <message>
        <source>Các tệp sau là tệp đầu tiên ký bằng khóa mới và sẽ xóa phần lớn dữ liệu Sở đang giữ của xã:
{files}

Chỉ nhập khi đã gọi điện cho lãnh đạo xã và xã xác nhận đúng là dữ liệu của xã. Nhập các tệp này?</source>
        <translation>These files are the first signed with a new key and would remove most of the commune&apos;s data the Department holds:
{files}

Import them only after calling the commune&apos;s leaders and having them confirm the data is theirs. Import these files?</translation>
    </message>
    <message>
        <source>Đã xác minh – Nhập</source>
        <translation>Verified – Import</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Mật khẩu khóa của Sở</source>
        <translation>Department key passphrase</translation>
    </message>
    <message>
        <source>Nhập mật khẩu bảo vệ khóa của Sở (hỏi một lần cho cả đợt nhập):</source>
        <translation>Enter the passphrase protecting the Department&apos;s keys (asked once for the whole batch):</translation>
    </message>
    <message>
        <source>Đang kiểm tra các tệp…</source>
        <translation>Checking the files…</translation>
    </message>
    <message>
        <source>Đang nhập các tệp…</source>
        <translation>Importing the files…</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Chưa ghi được biên nhận: {reason}</source>
        <translation>Receipt not written: {reason}</translation>
    </message>
    <message>
        <source>Lý do / chi tiết</source>
        <translation>Reason / details</translation>
    </message>
    <message>
        <source>{unit} (theo tên tệp)</source>
        <translation>{unit} (from the file name)</translation>
    </message>
    <message>
        <source>BỎ QUA</source>
        <translation>SKIPPED</translation>
    </message>
    <message>
        <source>TỪ CHỐI</source>
        <translation>REFUSED</translation>
    </message>
    <message>
        <source>GIỮ LẠI</source>
        <translation>HELD</translation>
    </message>
    <message>
        <source>Đã nhập trước đó</source>
        <translation>Already imported</translation>
    </message>
    <message>
        <source>Đã nhập lúc {time}; không thay đổi gì.</source>
        <translation>Imported at {time}; nothing changed.</translation>
    </message>
    <message>
        <source>Không thay đổi</source>
        <translation>No changes</translation>
    </message>
    <message>
        <source>Hợp lệ</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>ĐÃ NHẬN</source>
        <translation>ACCEPTED</translation>
    </message>
    <message>
        <source>chưa kiểm tra</source>
        <translation>not checked</translation>
    </message>
    <message>
        <source>đang chờ</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>chưa kiểm tra (đã dừng)</source>
        <translation>not checked (stopped)</translation>
    </message>
    <message>
        <source>chưa nhập (đã dừng)</source>
        <translation>not imported (stopped)</translation>
    </message>
    <message>
        <source>Bấm “Xem trước” để kiểm tra lại cả đợt.</source>
        <translation>Press “Preview” to check the whole batch again.</translation>
    </message>
    <message>
        <source>Tệp chưa được ghi vào dữ liệu của Sở; bấm “Xem trước” rồi “Nhập các tệp hợp lệ” để nhập tiếp.</source>
        <translation>The file was not written to the department&apos;s data; press “Preview”, then “Import the valid files” to go on.</translation>
    </message>
    <message>
        <source>Xem trước: {valid} tệp hợp lệ, {refused} tệp bị từ chối, {held} tệp bị giữ lại, {duplicate} tệp đã nhập trước đó.</source>
        <translation>Preview: {valid} valid files, {refused} refused, {held} held, {duplicate} already imported.</translation>
    </message>
    <message>
        <source>Đã dừng xem trước: {stopped} tệp chưa được kiểm tra.</source>
        <translation>Preview stopped: {stopped} files not checked.</translation>
    </message>
    <message>
        <source>Bấm “Nhập các tệp hợp lệ” để ghi vào dữ liệu của Sở.</source>
        <translation>Press “Import the valid files” to write them to the department&apos;s data.</translation>
    </message>
    <message>
        <source>Đã nhập {accepted} tệp; {refused} tệp bị từ chối; {held} tệp bị giữ lại; {duplicate} tệp đã nhập trước đó.</source>
        <translation>Imported {accepted} files; {refused} refused; {held} held; {duplicate} already imported.</translation>
    </message>
    <message>
        <source>Đã dừng: {stopped} tệp chưa nhập (đã dừng).</source>
        <translation>Stopped: {stopped} files not imported (stopped).</translation>
    </message>
    <message>
        <source>Biên nhận gửi lại các xã được lưu trong thư mục {folder}.</source>
        <translation>The receipts to send back to the communes are in the folder {folder}.</translation>
    </message>
    <message>
        <source>Đã nhập xong.</source>
        <translation>Import finished.</translation>
    </message>
    <message>
        <source>Lỗi khi nhập</source>
        <translation>Import error</translation>
    </message>
    <message>
        <source>Chọn các tệp dữ liệu của xã, phường</source>
        <translation>Choose data files from communes and wards</translation>
    </message>
    <message>
        <source>Tệp dữ liệu thi đua (*.tdkt);;Mọi tệp (*)</source>
        <translation>Emulation data files (*.tdkt);;All files (*)</translation>
    </message>
    <message>
        <source>Đơn vị (tên chính thức theo mã)</source>
        <translation>Unit (official name for the code)</translation>
    </message>
    <message>
        <source>Mã đơn vị</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>Cán bộ (theo tệp đăng ký)</source>
        <translation>Officer (as in the request)</translation>
    </message>
    <message>
        <source>Vân tay khóa</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>Gọi điện cho cán bộ xã và đề nghị đọc vân tay hiển thị trên máy của xã. Chỉ đăng ký khi hai dãy trùng khớp hoàn toàn.</source>
        <translation>Call the commune officer and ask them to read the fingerprint shown on the commune&apos;s computer. Register only when the two match exactly.</translation>
    </message>
    <message>
        <source>{unit} đã từng có khóa {fingerprint} (đăng ký ngày {date}), nay đã thu hồi. Khóa mới được đăng ký như đăng ký lại: tệp đầu tiên ký bằng khóa mới chỉ được nhận khi mang mã nối tiếp do Sở cấp.</source>
        <translation>{unit} had key {fingerprint} (enrolled on {date}), now revoked. The new key is registered as a re-enrolment: the first file signed by it is accepted only with the resume token the Department issues.</translation>
    </message>
    <message>
        <source>Vân tay khớp – Tiếp tục…</source>
        <translation>Fingerprint matches – Continue…</translation>
    </message>
    <message>
        <source>khóa {fingerprint}, đăng ký ngày {date}, {files}</source>
        <translation>key {fingerprint}, enrolled on {date}, {files}</translation>
    </message>
    <message>
        <source>tệp cuối Sở đã nhận: số {number}</source>
        <translation>last file received: no. {number}</translation>
    </message>
    <message>
        <source>chưa nhận tệp nào</source>
        <translation>no file received yet</translation>
    </message>
    <message>
        <source>Yêu cầu này là yêu cầu đổi khóa, có chữ ký của khóa cũ.</source>
        <translation>This request is a key rotation, signed by the old key.</translation>
    </message>
    <message>
        <source>Yêu cầu này KHÔNG có chữ ký của khóa đang dùng (xã báo mất khóa). Chỉ đăng ký khi đã gọi điện xác minh với lãnh đạo xã; tệp đầu tiên ký bằng khóa mới chỉ được nhận khi mang mã nối tiếp do Sở cấp.</source>
        <translation>This request is NOT signed by the key in use (the commune reports a lost key). Register it only after calling the commune&apos;s leaders to verify; the first file signed by the new key is accepted only with the resume token the Department issues.</translation>
    </message>
    <message>
        <source>{unit} đang có khóa còn hiệu lực. Đăng ký khóa mới sẽ THU HỒI {keys}. {how}</source>
        <translation>{unit} has a key in use. Registering the new key REVOKES {keys}. {how}</translation>
    </message>
    <message>
        <source>Chọn tệp đăng ký khóa của xã, phường</source>
        <translation>Choose a commune&apos;s or ward&apos;s key registration file</translation>
    </message>
    <message>
        <source>Tệp JSON (*.json);;Mọi tệp (*)</source>
        <translation>JSON files (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Tệp đăng ký không hợp lệ</source>
        <translation>Invalid registration file</translation>
    </message>
    <message>
        <source>Đối chiếu vân tay khóa</source>
        <translation>Compare key fingerprints</translation>
    </message>
    <message>
        <source>Vân tay khớp – Đăng ký</source>
        <translation>Fingerprints match – Register</translation>
    </message>
    <message>
        <source>Không đăng ký</source>
        <translation>Don&apos;t register</translation>
    </message>
    <message>
        <source>Không đăng ký được</source>
        <translation>Could not register</translation>
    </message>
    <message>
        <source>Đã đăng ký khóa</source>
        <translation>Key registered</translation>
    </message>
    <message>
        <source>Đã đăng ký khóa cho {name}.</source>
        <translation>Key registered for {name}.</translation>
    </message>
    <message>
        <source>Nhập mật khẩu bảo vệ khóa của Sở:</source>
        <translation>Enter the passphrase that protects the province&apos;s keys:</translation>
    </message>
    <message>
        <source>Biên nhận được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ khóa của Sở:</source>
        <translation>The receipt is signed with the province&apos;s key. Enter the passphrase that protects the province&apos;s keys:</translation>
    </message>
    <message>
        <source>Xã gửi lúc (giờ Việt Nam)</source>
        <translation>Sent by the commune (Vietnam time)</translation>
    </message>
    <message>
        <source>Tình hình nộp kỳ đang xem</source>
        <translation>Status for the period shown</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Nộp muộn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Quá hạn, chưa nộp</source>
        <translation>Overdue, not sent</translation>
    </message>
    <message>
        <source>Đã gửi, bị từ chối</source>
        <translation>Sent, refused</translation>
    </message>
    <message>
        <source>Trùng số CCCD giữa các xã</source>
        <translation>Same ID number in several communes</translation>
    </message>
    <message>
        <source>Hai xã cùng đề nghị một người</source>
        <translation>Proposed by two communes</translation>
    </message>
    <message>
        <source>Trùng họ tên và ngày sinh</source>
        <translation>Same name and date of birth</translation>
    </message>
    <message>
        <source>Ngày nộp (lần đầu)</source>
        <translation>Submitted on (first file)</translation>
    </message>
    <message>
        <source>Tệp cuối của kỳ</source>
        <translation>Last file of the period</translation>
    </message>
    <message>
        <source>Xã gửi lúc</source>
        <translation>Sent by the commune at</translation>
    </message>
    <message>
        <source>Sở nhập lúc</source>
        <translation>Imported by the department at</translation>
    </message>
    <message>
        <source>Gửi lại, bổ sung</source>
        <translation>Sent again, corrections</translation>
    </message>
    <message>
        <source>Tệp gần nhất (mọi kỳ)</source>
        <translation>Latest file (any period)</translation>
    </message>
    <message>
        <source>Tổng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Chức vụ, đơn vị</source>
        <translation>Position, organisation</translation>
    </message>
    <message>
        <source>Xã, phường đề nghị</source>
        <translation>Proposing commune</translation>
    </message>
    <message>
        <source>Kết quả bỏ phiếu</source>
        <translation>Ballot result</translation>
    </message>
    <message>
        <source>Loại trùng</source>
        <translation>Kind of duplicate</translation>
    </message>
    <message>
        <source>Số CCCD / Ngày sinh</source>
        <translation>ID number / date of birth</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Ngày nhận qua bưu điện…</source>
        <translation>Date received by post…</translation>
    </message>
    <message>
        <source>Ghi ngày Sở nhận tệp gửi qua bưu điện (theo dấu bưu điện hoặc sổ công văn đến) cho xã đang chọn: ngày này thay ngày xã ký trong tệp khi xét hạn nộp.</source>
        <translation>Record the date the department received a file sent by post (postmark or incoming mail register) for the selected commune: it replaces the date signed in the file when the deadline is checked.</translation>
    </message>
    <message>
        <source>Ngày nhận qua bưu điện</source>
        <translation>Date received by post</translation>
    </message>
    <message>
        <source>Trang của xã</source>
        <translation>Commune&apos;s page</translation>
    </message>
    <message>
        <source>Số {sequence}; tệp gửi sau bị từ chối: {reason}</source>
        <translation>No. {sequence}; a later file was refused: {reason}</translation>
    </message>
    <message>
        <source>Đã gửi, bị từ chối: {reason}</source>
        <translation>Sent, refused: {reason}</translation>
    </message>
    <message>
        <source>Hạn nộp {deadline}: đã nhận dữ liệu của {sent}/99 đơn vị (đúng hạn {on_time}, muộn {late}); còn {missing} đơn vị chưa nộp (tô đỏ). Ngày nộp là ngày xã gửi tệp, giờ Việt Nam.</source>
        <translation>Deadline {deadline}: data received from {sent}/99 units (on time {on_time}, late {late}); {missing} units have not sent (in red). The date sent is when the commune sent the file, Vietnam time.</translation>
    </message>
    <message>
        <source>{count} đơn vị có tệp bị từ chối (tô nâu).</source>
        <translation>{count} units have a refused file (in brown).</translation>
    </message>
    <message>
        <source>Chỉ tệp bị từ chối</source>
        <translation>Only refused files</translation>
    </message>
    <message>
        <source>%v/%m tệp</source>
        <translation>%v/%m files</translation>
    </message>
    <message>
        <source>Dừng sau tệp đang xử lý; các tệp còn lại giữ trong danh sách, chưa nhập.</source>
        <translation>Stop after the file in progress; the other files stay listed, not imported.</translation>
    </message>
    <message>
        <source>Đang dừng…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>Ổ đĩa đầy</source>
        <translation>Disk full</translation>
    </message>
    <message>
        <source>Thu hồi khóa đang dùng?</source>
        <translation>Revoke the key in use?</translation>
    </message>
    <message>
        <source>Thu hồi khóa đang dùng và đăng ký khóa mới?</source>
        <translation>Revoke the key in use and register the new key?</translation>
    </message>
    <message>
        <source>Thu hồi khóa cũ và đăng ký</source>
        <translation>Revoke the old key and register</translation>
    </message>
    <message>
        <source>Điểm nối tiếp cho khóa mới đã lưu tại {file}. Gửi tệp này cho xã: tệp đầu tiên ký bằng khóa mới phải mang mã nối tiếp này.</source>
        <translation>The resume point for the new key is saved at {file}. Send it to the commune: the first file signed by the new key must carry its token.</translation>
    </message>
    <message>
        <source>Điểm nối tiếp được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ khóa của Sở:</source>
        <translation>The resume point is signed with the province&apos;s key. Enter the passphrase that protects the province&apos;s keys:</translation>
    </message>
    <message>
        <source>Chưa tạo được điểm nối tiếp</source>
        <translation>Resume point not made</translation>
    </message>
    <message>
        <source>Vân tay</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Giữ lại chờ xác minh</source>
        <translation>Held for verification</translation>
    </message>
    <message>
        <source>Toàn bộ</source>
        <translation>Full</translation>
    </message>
    <message>
        <source>Bổ sung, sửa</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Lúc (giờ Việt Nam)</source>
        <translation>At (Vietnam time)</translation>
    </message>
    <message>
        <source>Tệp số</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>Mã băm SHA-256</source>
        <translation>SHA-256 hash</translation>
    </message>
    <message>
        <source>Nội dung cần báo xã</source>
        <translation>What to tell the commune</translation>
    </message>
    <message>
        <source>Đăng ký</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>Thu hồi</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Số tệp</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Trang của {unit}</source>
        <translation>Page of {unit}</translation>
    </message>
    <message>
        <source>Các tệp xã đã gửi</source>
        <translation>Files the commune sent</translation>
    </message>
    <message>
        <source>Khóa ký của xã</source>
        <translation>The commune&apos;s signing keys</translation>
    </message>
    <message>
        <source>In lại biên nhận tệp đang chọn…</source>
        <translation>Reprint the receipt of the selected file…</translation>
    </message>
    <message>
        <source>Quản lý khóa…</source>
        <translation>Manage keys…</translation>
    </message>
    <message>
        <source>Chưa đọc được trang của xã</source>
        <translation>Could not read the commune&apos;s page</translation>
    </message>
    <message>
        <source>Chưa có thông tin liên hệ (xã chưa đăng ký khóa, chưa gửi tệp).</source>
        <translation>No contact yet (the commune has not enrolled a key or sent a file).</translation>
    </message>
    <message>
        <source>Liên hệ: {name} · Điện thoại: {phone} · Thư điện tử: {email} (theo {source}, {when})</source>
        <translation>Contact: {name} · Phone: {phone} · E-mail: {email} (from {source}, {when})</translation>
    </message>
    <message>
        <source>tệp số {sequence}</source>
        <translation>file no. {sequence}</translation>
    </message>
    <message>
        <source>tệp đăng ký khóa</source>
        <translation>the enrolment request</translation>
    </message>
    <message>
        <source>Chọn một tệp để xem mã băm đầy đủ và nội dung cần báo xã.</source>
        <translation>Select a file to see its full hash and what to tell the commune.</translation>
    </message>
    <message>
        <source>Tệp số {sequence}, mã băm SHA-256: {sha256}. Sở đã nhận; có thể in lại biên nhận.</source>
        <translation>File no. {sequence}, SHA-256 hash: {sha256}. Received by the Department; its receipt can be printed again.</translation>
    </message>
    <message>
        <source>Tệp {name}, mã băm SHA-256: {sha256}. Lý do: {reason}. Cần báo xã: {tell}</source>
        <translation>File {name}, SHA-256 hash: {sha256}. Reason: {reason}. Tell the commune: {tell}</translation>
    </message>
    <message>
        <source>Hãy chọn một tệp Sở đã nhận trong bảng trước.</source>
        <translation>Select a file the Department received in the table first.</translation>
    </message>
    <message>
        <source>Khóa của {unit}</source>
        <translation>Keys of {unit}</translation>
    </message>
    <message>
        <source>Thu hồi khóa đang dùng…</source>
        <translation>Revoke the key in use…</translation>
    </message>
    <message>
        <source>Tạo điểm nối tiếp…</source>
        <translation>Make a resume point…</translation>
    </message>
    <message>
        <source>Đang dùng</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>Đã thu hồi</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>Hết hạn</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Thu hồi khóa</source>
        <translation>Revoke key</translation>
    </message>
    <message>
        <source>Lý do thu hồi (ghi vào lịch sử khóa của xã):</source>
        <translation>Reason for revoking (kept in the commune&apos;s key history):</translation>
    </message>
    <message>
        <source>Chưa thu hồi</source>
        <translation>Not revoked</translation>
    </message>
    <message>
        <source>Hãy ghi lý do thu hồi khóa.</source>
        <translation>Please give the reason for revoking the key.</translation>
    </message>
    <message>
        <source>Thu hồi khóa đang dùng? Các tệp ký bằng khóa này sẽ bị từ chối; xã phải tạo khóa mới và đăng ký lại.</source>
        <translation>Revoke the key in use? Files signed with it will be refused; the commune must make a new key and enrol again.</translation>
    </message>
    <message>
        <source>Đã tạo điểm nối tiếp</source>
        <translation>Resume point made</translation>
    </message>
    <message>
        <source>Đã lưu {file}. Gửi tệp này cho xã để nhập (Gửi dữ liệu → Nhận tệp từ Sở Nội vụ…).</source>
        <translation>Saved {file}. Send it to the commune to import (Send data → Receive a file from the Department…).</translation>
    </message>
    <message>
        <source>Lưu tệp khóa công khai của Sở</source>
        <translation>Save the Department&apos;s public key file</translation>
    </message>
    <message>
        <source>Đã lưu</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Đã lưu {file}. Gửi tệp này cho các xã, phường.</source>
        <translation>Saved {file}. Send this file to the communes and wards.</translation>
    </message>
    <message>
        <source>Tiếp nhận dữ liệu</source>
        <translation>Received data</translation>
    </message>
    <message>
        <source>Tiếp &amp;nhận</source>
        <translation>&amp;Receive</translation>
    </message>
    <message>
        <source>Gửi kết quả về xã…</source>
        <translation>Send results to a commune…</translation>
    </message>
    <message>
        <source>Gửi dữ liệu</source>
        <translation>Send data</translation>
    </message>
    <message>
        <source>&amp;Gửi dữ liệu</source>
        <translation>&amp;Send data</translation>
    </message>
    <message>
        <source>Xuất tệp gửi Sở Nội vụ…</source>
        <translation>Export file for the Department of Home Affairs…</translation>
    </message>
    <message>
        <source>Đổi khóa ký của đơn vị…</source>
        <translation>Change your unit&apos;s signing key…</translation>
    </message>
    <message>
        <source>Chức vụ, ví dụ: Chủ tịch UBND xã</source>
        <translation>Position, e.g. Chairman of the commune People&apos;s Committee</translation>
    </message>
    <message>
        <source>Bỏ</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Bỏ thành viên này</source>
        <translation>Remove this member</translation>
    </message>
    <message>
        <source>Khởi tạo dữ liệu thi đua của xã, phường</source>
        <translation>Set up the commune or ward&apos;s emulation data</translation>
    </message>
    <message>
        <source>Máy của xã, phường</source>
        <translation>Commune or ward computer</translation>
    </message>
    <message>
        <source>Máy của Sở Nội vụ (tiếp nhận, tổng hợp dữ liệu các xã)</source>
        <translation>Department of Home Affairs computer (receives and consolidates the communes&apos; data)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chào mừng!&lt;/b&gt; Đây là lần đầu phần mềm chạy trên máy này. Hãy chọn xã, phường của mình trong danh sách 99 đơn vị hành chính của tỉnh Bắc Ninh, nhập họ tên cán bộ phụ trách công tác thi đua, khen thưởng và các thành viên Hội đồng Thi đua - Khen thưởng.</source>
        <translation>&lt;b&gt;Welcome!&lt;/b&gt; This is the first time the software runs on this computer. Choose your commune or ward from the list of the 99 administrative units of Bắc Ninh province, and enter the name of the officer in charge of emulation and commendation work and the members of the Emulation and Commendation Council.</translation>
    </message>
    <message>
        <source>1. Xã, phường</source>
        <translation>1. Commune or ward</translation>
    </message>
    <message>
        <source>Gõ tên để lọc, có dấu hoặc không dấu (ví dụ: tien du)</source>
        <translation>Type a name to filter, with or without accents (e.g. tien du)</translation>
    </message>
    <message>
        <source>Chưa chọn xã, phường.</source>
        <translation>No commune or ward chosen.</translation>
    </message>
    <message>
        <source>2. Cán bộ phụ trách</source>
        <translation>2. Officer in charge</translation>
    </message>
    <message>
        <source>Họ và tên, ví dụ: Nguyễn Thị Hoa</source>
        <translation>Full name, e.g. Nguyễn Thị Hoa</translation>
    </message>
    <message>
        <source>Họ và tên *</source>
        <translation>Full name *</translation>
    </message>
    <message>
        <source>Để Sở gọi khi cần, ví dụ: 0912 345 678</source>
        <translation>So the Department can call when needed, e.g. 0912 345 678</translation>
    </message>
    <message>
        <source>Ví dụ: thidua@tiendu.bacninh.gov.vn</source>
        <translation>For example: thidua@tiendu.bacninh.gov.vn</translation>
    </message>
    <message>
        <source>3. Hội đồng Thi đua - Khen thưởng (có thể bổ sung sau)</source>
        <translation>3. Emulation and Commendation Council (can be completed later)</translation>
    </message>
    <message>
        <source>Thêm thành viên</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>4. Bảo vệ khóa ký và khóa của Sở Nội vụ</source>
        <translation>4. Signing key protection and the Department of Home Affairs key</translation>
    </message>
    <message>
        <source>Không bắt buộc; nên đặt nếu máy dùng chung (ít nhất {minimum} ký tự)</source>
        <translation>Optional; advisable if the computer is shared (at least {minimum} characters)</translation>
    </message>
    <message>
        <source>{name} – hãy gọi điện cho Sở Nội vụ và gõ vân tay khóa Sở đọc vào ô dưới đây.</source>
        <translation>{name} – call the Department of Home Affairs and type the key fingerprint they read into the field below.</translation>
    </message>
    <message>
        <source>{name} – vân tay {fingerprint} (đúng khóa ghi sẵn trong bộ cài)</source>
        <translation>{name} – fingerprint {fingerprint} (the key built into this installer)</translation>
    </message>
    <message>
        <source>Mật khẩu khóa</source>
        <translation>Key password</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>Chưa chọn (có thể cài sau, khi gửi dữ liệu)</source>
        <translation>Not chosen (can be installed later, when sending data)</translation>
    </message>
    <message>
        <source>Chọn tệp khóa của Sở…</source>
        <translation>Choose the Department&apos;s key file…</translation>
    </message>
    <message>
        <source>Vân tay do Sở Nội vụ đọc qua điện thoại: XXXX-XXXX-…</source>
        <translation>Fingerprint read by the Department by phone: XXXX-XXXX-…</translation>
    </message>
    <message>
        <source>Khóa công khai của Sở</source>
        <translation>Department&apos;s public key</translation>
    </message>
    <message>
        <source>Vân tay khóa của Sở</source>
        <translation>Department key fingerprint</translation>
    </message>
    <message>
        <source>Bắt đầu sử dụng</source>
        <translation>Start using</translation>
    </message>
    <message>
        <source>Đã chọn: &lt;b&gt;{name}&lt;/b&gt; (mã {code})</source>
        <translation>Chosen: &lt;b&gt;{name}&lt;/b&gt; (code {code})</translation>
    </message>
    <message>
        <source>Mật khẩu bảo vệ khóa ký phải có ít nhất {minimum} ký tự (mật khẩu vừa nhập có {length} ký tự): ai lấy được tệp khóa có thể thử hết các mật khẩu ngắn trong ít phút. Nên dùng một câu dễ nhớ, ví dụ “thi đua xã tôi năm 2025”; hoặc để trống để phần mềm tự bảo vệ khóa bằng bí mật riêng của tài khoản máy này.</source>
        <translation>The passphrase protecting the signing key must have at least {minimum} characters (the one entered has {length}): whoever gets hold of the key file can try every short passphrase within minutes. Use a sentence that is easy to remember, for example “our commune&apos;s emulation 2025”; or leave it empty and the program protects the key with a secret of this computer account.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu khóa không giống nhau.</source>
        <translation>The two key passwords do not match.</translation>
    </message>
    <message>
        <source>Chưa chọn xã, phường trong danh sách.</source>
        <translation>Choose a commune or ward from the list.</translation>
    </message>
    <message>
        <source>Chưa nhập họ tên cán bộ phụ trách.</source>
        <translation>Enter the name of the officer in charge.</translation>
    </message>
    <message>
        <source>Thành viên Hội đồng thứ {number} chưa có họ tên.</source>
        <translation>Council member {number} has no name.</translation>
    </message>
    <message>
        <source>Không khởi tạo được</source>
        <translation>Could not set up</translation>
    </message>
    <message>
        <source>Mục tiêu (nguyên văn kế hoạch)</source>
        <translation>Target (as worded in the plan)</translation>
    </message>
    <message>
        <source>Số liệu đang quản lý</source>
        <translation>Records kept</translation>
    </message>
    <message>
        <source>Các mục tiêu cụ thể của tỉnh (Kế hoạch thi đua năm 2026, mục II.2.2) – {n} mục tiêu</source>
        <translation>The province&apos;s specific targets (2026 emulation plan, section II.2.2) – {n} targets</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách: {name}</source>
        <translation>Officer in charge: {name}</translation>
    </message>
    <message>
        <source>Dữ liệu nằm trên máy chủ cơ sở dữ liệu {address}; sao lưu bằng công cụ của máy chủ (ví dụ pg_dump).</source>
        <translation>The data is on the database server {address}; back it up with the server&apos;s own tools (e.g. pg_dump).</translation>
    </message>
    <message>
        <source>Bản sao lưu gần nhất: {time} ({reason}). Thư mục sao lưu: {folder}</source>
        <translation>Latest backup: {time} ({reason}). Backup folder: {folder}</translation>
    </message>
    <message>
        <source>{hm} ngày {dmy}</source>
        <translation>{hm} on {dmy}</translation>
    </message>
    <message>
        <source>Chưa có bản sao lưu nào. Phần mềm tự sao lưu khi đóng; có thể sao lưu ngay trong menu Tệp.</source>
        <translation>No backup yet. The software backs up by itself when it closes; you can back up now from the File menu.</translation>
    </message>
    <message>
        <source>Thi đua – Phần mềm quản lý phong trào thi đua</source>
        <translation>Thi đua – Emulation movement management software</translation>
    </message>
    <message>
        <source>Đang mở dữ liệu…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Thi đua – {unit} – Phần mềm quản lý phong trào thi đua</source>
        <translation>Thi đua – {unit} – Emulation movement management software</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Khôi phục từ bản sao lưu…</source>
        <translation>Restore from a backup…</translation>
    </message>
    <message>
        <source>Chuyển dữ liệu lên máy chủ PostgreSQL…</source>
        <translation>Move the data to a PostgreSQL server…</translation>
    </message>
    <message>
        <source>Đổi cán bộ phụ trách…</source>
        <translation>Change the officer in charge…</translation>
    </message>
    <message>
        <source>Cài đặt…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Gửi báo lỗi…</source>
        <translation>Send a bug report…</translation>
    </message>
    <message>
        <source>{unit} (mã {code}) · Cán bộ: {officer} · Dữ liệu: {file}</source>
        <translation>{unit} (code {code}) · Officer: {officer} · Data: {file}</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách</source>
        <translation>Officer in charge</translation>
    </message>
    <message>
        <source>Họ và tên cán bộ đang sử dụng phần mềm (được ghi vào lịch sử thay đổi):</source>
        <translation>Full name of the officer using the software (written into the change history):</translation>
    </message>
    <message>
        <source>Không đổi được</source>
        <translation>Could not change</translation>
    </message>
    <message>
        <source>&lt;b&gt;Phần mềm quản lý phong trào thi đua yêu nước&lt;/b&gt;&lt;br&gt;Dành cho các xã, phường tỉnh Bắc Ninh&lt;br&gt;Phiên bản {version}&lt;br&gt;&lt;br&gt;Dữ liệu lưu tại: {folder}</source>
        <translation>&lt;b&gt;Patriotic emulation movement management software&lt;/b&gt;&lt;br&gt;For the communes and wards of Bắc Ninh province&lt;br&gt;Version {version}&lt;br&gt;&lt;br&gt;Data kept in: {folder}</translation>
    </message>
    <message>
        <source>Đang sao lưu dữ liệu…</source>
        <translation>Backing up the data…</translation>
    </message>
    <message>
        <source>{busy} Bản sao lưu sẽ được tạo ngay sau đó.</source>
        <translation>{busy} The backup will be made right after.</translation>
    </message>
    <message>
        <source>Đã sao lưu vào {path}</source>
        <translation>Backed up to {path}</translation>
    </message>
    <message>
        <source>Không sao lưu được</source>
        <translation>Could not back up</translation>
    </message>
    <message>
        <source>Đã khôi phục</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>Dữ liệu đã được khôi phục từ bản sao lưu {name}.</source>
        <translation>The data was restored from the backup {name}.</translation>
    </message>
    <message>
        <source>Dữ liệu trước khi khôi phục được giữ tại {folder}.</source>
        <translation>The data as it was before the restore is kept in {folder}.</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu</source>
        <translation>Could not open the data</translation>
    </message>
    <message>
        <source>Đang chờ công việc đang chạy…</source>
        <translation>Waiting for the work in progress…</translation>
    </message>
    <message>
        <source>Không sao lưu tự động được</source>
        <translation>The automatic backup failed</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Nội dung thay đổi</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Đồng ý</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Tình hình nộp</source>
        <translation>Submissions</translation>
    </message>
    <message>
        <source>Số lượng theo danh hiệu</source>
        <translation>Counts by title</translation>
    </message>
    <message>
        <source>Đề nghị lên tỉnh</source>
        <translation>Proposals to the province</translation>
    </message>
    <message>
        <source>Trùng giữa các xã</source>
        <translation>Duplicates across communes</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>In danh sách…</source>
        <translation>Print list…</translation>
    </message>
    <message>
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{count} dòng đề nghị, {pending} dòng chưa xét.</source>
        <translation>{count} proposal rows, {pending} not yet decided.</translation>
    </message>
    <message>
        <source>Không có dòng đề nghị nào năm {year} theo bộ lọc này.</source>
        <translation>No proposal rows for {year} match these filters.</translation>
    </message>
    <message>
        <source>Không tải được danh sách đề nghị.</source>
        <translation>Could not load the proposal rows.</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Đã ghi kết quả</source>
        <translation>Outcome recorded</translation>
    </message>
    <message>
        <source>Chưa ghi kết quả</source>
        <translation>Outcome not recorded</translation>
    </message>
    <message>
        <source>Xuất bảng Excel để điền kết quả</source>
        <translation>Export the sheet to fill in the outcomes</translation>
    </message>
    <message>
        <source>Đã xuất bảng Excel</source>
        <translation>Sheet exported</translation>
    </message>
    <message>
        <source>Đã ghi {count} dòng đề nghị vào tệp {path}. Điền cột Kết quả, Số QĐ, Ngày QĐ, Lý do rồi nhập lại.</source>
        <translation>Wrote {count} proposal rows to {path}. Fill in the Kết quả, Số QĐ, Ngày QĐ and Lý do columns, then import it back.</translation>
    </message>
    <message>
        <source>Không xuất được bảng Excel</source>
        <translation>Could not export the sheet</translation>
    </message>
    <message>
        <source>Nhập kết quả từ bảng Excel</source>
        <translation>Import outcomes from a sheet</translation>
    </message>
    <message>
        <source>{count} dòng để trống Kết quả (chưa xét), bỏ qua.</source>
        <translation>{count} rows with an empty Kết quả (not decided) were skipped.</translation>
    </message>
    <message>
        <source>Đã nhập kết quả</source>
        <translation>Outcomes imported</translation>
    </message>
    <message>
        <source>Chưa nhập kết quả</source>
        <translation>Outcomes not imported</translation>
    </message>
    <message>
        <source>In quyết định ra PDF</source>
        <translation>Print the decision to PDF</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf);;Tài liệu Word (*.docx)</source>
        <translation>PDF file (*.pdf);;Word document (*.docx)</translation>
    </message>
    <message>
        <source>Đã in quyết định</source>
        <translation>Decision printed</translation>
    </message>
    <message>
        <source>{what}
Đã ghi ra tệp {path}.</source>
        <translation>{what}
Written to {path}.</translation>
    </message>
    <message>
        <source>Không in được quyết định</source>
        <translation>Could not print the decision</translation>
    </message>
    <message>
        <source>Danh sách đã thay đổi</source>
        <translation>The list has changed</translation>
    </message>
    <message>
        <source>Ban hành quyết định thay thế quyết định đã ban hành?</source>
        <translation>Issue a decision replacing the issued one?</translation>
    </message>
    <message>
        <source>Ban hành thay thế…</source>
        <translation>Issue a replacement…</translation>
    </message>
    <message>
        <source>Lý do thay thế</source>
        <translation>Reason for the replacement</translation>
    </message>
    <message>
        <source>Lý do ban hành quyết định thay thế:</source>
        <translation>Why the replacing decision is issued:</translation>
    </message>
    <message>
        <source>Xét đề nghị</source>
        <translation>Proposals review</translation>
    </message>
    <message>
        <source>Không lập được bảng tổng hợp.</source>
        <translation>The consolidated table could not be built.</translation>
    </message>
    <message>
        <source>Xuất Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Tệp Excel (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>Không xuất được Excel</source>
        <translation>Could not export to Excel</translation>
    </message>
    <message>
        <source>Đã xuất Excel</source>
        <translation>Exported to Excel</translation>
    </message>
    <message>
        <source>Đã ghi {count} dòng vào tệp {path}.</source>
        <translation>Wrote {count} rows to {path}.</translation>
    </message>
    <message>
        <source>Chưa có danh sách</source>
        <translation>No list yet</translation>
    </message>
    <message>
        <source>Danh sách cần nhắc nộp tệp dữ liệu</source>
        <translation>Communes to remind to send their data file</translation>
    </message>
    <message>
        <source>Mở trang của xã…</source>
        <translation>Open the commune&apos;s page…</translation>
    </message>
    <message>
        <source>Đang đọc…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>Chưa đọc được danh sách cần nhắc</source>
        <translation>Could not read the chase list</translation>
    </message>
    <message>
        <source>Hạn nộp hồ sơ {deadline}: còn {count} đơn vị cần nhắc ({refused} có tệp bị từ chối hoặc giữ lại).</source>
        <translation>Deadline for the files {deadline}: {count} units still to remind ({refused} with a file refused or held).</translation>
    </message>
    <message>
        <source>In danh sách ra PDF</source>
        <translation>Print the list to PDF</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Không in được danh sách</source>
        <translation>Could not print the list</translation>
    </message>
    <message>
        <source>Đã in danh sách</source>
        <translation>List printed</translation>
    </message>
    <message>
        <source>Đã ghi danh sách ra tệp {path}.</source>
        <translation>The list was saved to {path}.</translation>
    </message>
    <message>
        <source>Tổng hợp dữ liệu các xã, phường</source>
        <translation>Consolidated data from communes and wards</translation>
    </message>
    <message>
        <source>Năm:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>Kỳ:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Tổng kết năm</source>
        <translation>Year-end review</translation>
    </message>
    <message>
        <source>Sơ kết 6 tháng</source>
        <translation>Mid-year review</translation>
    </message>
    <message>
        <source>Hạn nộp:</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Biểu quyết</source>
        <translation>Vote</translation>
    </message>
    <message>
        <source>Quyết định / Lý do</source>
        <translation>Decision / Reason</translation>
    </message>
    <message>
        <source>Xét đề nghị khen thưởng của các xã, phường</source>
        <translation>Review of the communes&apos; award proposals</translation>
    </message>
    <message>
        <source>Gửi kết quả về xã</source>
        <translation>Send results to a commune</translation>
    </message>
    <message>
        <source>Xã, phường:</source>
        <translation>Commune, ward:</translation>
    </message>
    <message>
        <source>Năm của tờ trình:</source>
        <translation>Year of the proposal:</translation>
    </message>
    <message>
        <source>Chọn thư mục…</source>
        <translation>Choose a folder…</translation>
    </message>
    <message>
        <source>Ghi vào thư mục:</source>
        <translation>Write into folder:</translation>
    </message>
    <message>
        <source>Ghi tệp kết quả</source>
        <translation>Write the results file</translation>
    </message>
    <message>
        <source>Chọn thư mục ghi tệp kết quả</source>
        <translation>Choose the folder for the results file</translation>
    </message>
    <message>
        <source>Chưa chọn thư mục</source>
        <translation>No folder chosen</translation>
    </message>
    <message>
        <source>Hãy chọn thư mục ghi tệp kết quả (ví dụ ổ USB).</source>
        <translation>Choose the folder to write the results file into (for example a USB drive).</translation>
    </message>
    <message>
        <source>Tệp kết quả được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ khóa của Sở:</source>
        <translation>The results file is signed with the Department&apos;s key. Enter the passphrase protecting the Department&apos;s keys:</translation>
    </message>
    <message>
        <source>Chưa ghi được tệp kết quả</source>
        <translation>The results file was not written</translation>
    </message>
    <message>
        <source>Đã ghi tệp kết quả</source>
        <translation>Results file written</translation>
    </message>
    <message>
        <source>Đã ghi kết quả năm {year} ({count} trường hợp) vào {file}. Gửi tệp này cho xã; xã nhận bằng “Gửi dữ liệu → Nhận tệp từ Sở Nội vụ…”.</source>
        <translation>Wrote the results of {year} ({count} cases) to {file}. Send this file to the commune; it receives it with “Send data → Receive a file from the Department…”.</translation>
    </message>
    <message>
        <source>Trạng thái:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Duyệt…</source>
        <translation>Accept…</translation>
    </message>
    <message>
        <source>Trả lại…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <source>Xuất bảng Excel…</source>
        <translation>Export sheet…</translation>
    </message>
    <message>
        <source>Nhập kết quả từ Excel…</source>
        <translation>Import outcomes from Excel…</translation>
    </message>
    <message>
        <source>In quyết định…</source>
        <translation>Print decision…</translation>
    </message>
    <message>
        <source>Duyệt đề nghị</source>
        <translation>Accept proposals</translation>
    </message>
    <message>
        <source>Duyệt {count} dòng đề nghị đã chọn theo quyết định của tỉnh.</source>
        <translation>Accept the {count} selected proposal rows under a provincial decision.</translation>
    </message>
    <message>
        <source>Số quyết định:</source>
        <translation>Decision number:</translation>
    </message>
    <message>
        <source>Ngày quyết định:</source>
        <translation>Decision date:</translation>
    </message>
    <message>
        <source>Trả lại đề nghị</source>
        <translation>Return proposals</translation>
    </message>
    <message>
        <source>Trả lại {count} dòng đề nghị đã chọn cho xã, phường. Chọn lý do trong danh sách hoặc gõ lý do khác (một dòng).</source>
        <translation>Return the {count} selected proposal rows to their communes. Pick a reason from the list or type another (one line).</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>In quyết định của tỉnh</source>
        <translation>Print the provincial decision</translation>
    </message>
    <message>
        <source>Quyết định khen thưởng kèm danh sách các dòng đã duyệt theo một số quyết định.</source>
        <translation>The award decision with the list of the rows accepted under one decision number.</translation>
    </message>
    <message>
        <source>Phó Chủ tịch (ký thay Chủ tịch)</source>
        <translation>Vice-chairman (signing for the chairman)</translation>
    </message>
    <message>
        <source>Khen thưởng chuyên đề</source>
        <translation>Award by theme</translation>
    </message>
    <message>
        <source>Khen thưởng đột xuất</source>
        <translation>Ad hoc award</translation>
    </message>
    <message>
        <source>Phong trào, chuyên đề:</source>
        <translation>Movement, theme:</translation>
    </message>
    <message>
        <source>Sự việc, thành tích:</source>
        <translation>Event, achievement:</translation>
    </message>
    <message>
        <source>Mục đích, yêu cầu</source>
        <translation>Aims and requirements</translation>
    </message>
    <message>
        <source>Chỉ tiêu thi đua</source>
        <translation>Emulation targets</translation>
    </message>
    <message>
        <source>Hình thức khen thưởng</source>
        <translation>Forms of award</translation>
    </message>
    <message>
        <source>Tổ chức thực hiện</source>
        <translation>Implementation</translation>
    </message>
    <message>
        <source>Giấy khen của Chủ tịch UBND xã ngoài tổng kết năm. Mỗi thành tích chỉ được khen một hình thức: thành tích đã khen (kể cả trong quyết định tổng kết) không chọn được.</source>
        <translation>Certificates of merit of the commune chairman besides the year-end review. Each achievement earns one form of award: an achievement already rewarded (in the year-end decision too) cannot be chosen.</translation>
    </message>
    <message>
        <source>Loại khen thưởng:</source>
        <translation>Kind of award:</translation>
    </message>
    <message>
        <source>Ví dụ: cứu người trong lũ ngày 12/9/2026</source>
        <translation>For example: cứu người trong lũ ngày 12/9/2026</translation>
    </message>
    <message>
        <source>Chủ tịch</source>
        <translation>Chairman</translation>
    </message>
    <message>
        <source>Thêm đối tượng</source>
        <translation>Add subject</translation>
    </message>
    <message>
        <source>Bỏ đối tượng</source>
        <translation>Remove subject</translation>
    </message>
    <message>
        <source>Đối tượng, thành tích</source>
        <translation>Subject, achievement</translation>
    </message>
    <message>
        <source>Đã khen</source>
        <translation>Rewarded by</translation>
    </message>
    <message>
        <source>Hãy gõ tên rồi chọn đối tượng trong danh sách gợi ý.</source>
        <translation>Type a name, then choose the subject in the suggestions.</translation>
    </message>
    <message>
        <source>Đối tượng này đã có trong danh sách.</source>
        <translation>This subject is already in the list.</translation>
    </message>
    <message>
        <source>không kèm tiền</source>
        <translation>no money</translation>
    </message>
    <message>
        <source>(chưa có thành tích: hãy nhập thành tích trước)</source>
        <translation>(no achievement: enter the achievement first)</translation>
    </message>
    <message>
        <source>{count} đối tượng được khen; tổng tiền thưởng {amount} đồng.</source>
        <translation>{count} subjects rewarded; total bonus {amount} đồng.</translation>
    </message>
    <message>
        <source>Kế hoạch phát động thi đua năm {year}</source>
        <translation>Emulation launch plan {year}</translation>
    </message>
    <message>
        <source>Phát động phong trào thi đua yêu nước năm {year}</source>
        <translation>Phát động phong trào thi đua yêu nước năm {year}</translation>
    </message>
    <message>
        <source>Tên kế hoạch:</source>
        <translation>Plan title:</translation>
    </message>
    <message>
        <source>Ngày phát động:</source>
        <translation>Launch date:</translation>
    </message>
    <message>
        <source>Đăng ký sau ngày này vẫn được lưu, nhưng phần mềm nhắc là đăng ký muộn.</source>
        <translation>A registration after this date is still saved, but the app says it is late.</translation>
    </message>
    <message>
        <source>Hạn đăng ký thi đua:</source>
        <translation>Registration deadline:</translation>
    </message>
    <message>
        <source>Mỗi dòng là một đoạn của kế hoạch</source>
        <translation>Each line is a paragraph of the plan</translation>
    </message>
    <message>
        <source>Chọn chỉ tiêu của tỉnh đưa vào kế hoạch (ghi nguyên văn):</source>
        <translation>Choose the province targets to include in the plan (quoted verbatim):</translation>
    </message>
    <message>
        <source>Chỉ tiêu riêng của xã (mỗi dòng một chỉ tiêu):</source>
        <translation>The commune&apos;s own targets (one per line):</translation>
    </message>
    <message>
        <source>Chức vụ:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>Không lập được bảng tổng hợp</source>
        <translation>Could not build the consolidated table</translation>
    </message>
    <message>
        <source>Tổng hợp</source>
        <translation>Consolidation</translation>
    </message>
    <message>
        <source>Sửa {what}</source>
        <translation>Edit {what}</translation>
    </message>
    <message>
        <source>Thêm {what}</source>
        <translation>Add {what}</translation>
    </message>
    <message>
        <source>Mục có dấu * là bắt buộc.</source>
        <translation>Fields marked * are required.</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Số hoặc khoảng, ví dụ 12,5 hoặc 35 - 40</source>
        <translation>A number or a range, e.g. 12,5 or 35 - 40</translation>
    </message>
    <message>
        <source>Đã gõ tên nhưng chưa chọn trong danh sách gợi ý. Hãy chọn một mục trong danh sách.</source>
        <translation>A name was typed but nothing was chosen from the suggestions. Please choose an item from the list.</translation>
    </message>
    <message>
        <source>Lưu ý: {warning}</source>
        <translation>Note: {warning}</translation>
    </message>
    <message>
        <source>Còn {count} mục khác cần xem lại (tên mục tô màu).</source>
        <translation>{count} more fields to check (their names are coloured).</translation>
    </message>
    <message>
        <source>Vẫn lưu hồ sơ này?</source>
        <translation>Save this record anyway?</translation>
    </message>
    <message>
        <source>Thông tin chưa khớp</source>
        <translation>Details do not match</translation>
    </message>
    <message>
        <source>Vẫn lưu</source>
        <translation>Save anyway</translation>
    </message>
    <message>
        <source>Quay lại sửa</source>
        <translation>Go back and edit</translation>
    </message>
    <message>
        <source>Không lưu được</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <source>Chưa lưu thay đổi</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Các thông tin vừa nhập chưa được lưu. Đóng cửa sổ và bỏ các thay đổi này?</source>
        <translation>The details you entered have not been saved. Close the window and discard these changes?</translation>
    </message>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Tiếp tục sửa</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Tìm kiếm (gõ có dấu hoặc không dấu, ví dụ: nguyen van a)</source>
        <translation>Search (with or without accents, e.g. nguyen van a)</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Lịch sử thay đổi</source>
        <translation>Change history</translation>
    </message>
    <message>
        <source>Thùng rác</source>
        <translation>Recycle bin</translation>
    </message>
    <message>
        <source>Hoàn tác xóa</source>
        <translation>Undo delete</translation>
    </message>
    <message>
        <source>Đang xem thùng rác: các bản ghi đã xóa. Chọn một bản ghi và bấm “Khôi phục” để lấy lại.</source>
        <translation>Viewing the recycle bin: deleted records. Select a record and click “Restore” to bring it back.</translation>
    </message>
    <message>
        <source>{kind} – thùng rác</source>
        <translation>{kind} – recycle bin</translation>
    </message>
    <message>
        <source>Tìm thấy hơn {count:n} bản ghi</source>
        <translation>More than {count:n} records found</translation>
    </message>
    <message>
        <source>Tìm thấy {count:n} bản ghi</source>
        <translation>{count:n} records found</translation>
    </message>
    <message>
        <source>{count:n} bản ghi</source>
        <translation>{count:n} records</translation>
    </message>
    <message>
        <source>Đã lưu {what}.</source>
        <translation>The {what} was saved.</translation>
    </message>
    <message>
        <source>Xóa {what} “{name}”?</source>
        <translation>Delete {what} “{name}”?</translation>
    </message>
    <message>
        <source>Cùng chuyển vào thùng rác các bản ghi về {what} này:
{lines}</source>
        <translation>These records about this {what} go to the recycle bin with it:
{lines}</translation>
    </message>
    <message>
        <source>Tất cả có thể khôi phục lại: khôi phục {what} thì các bản ghi trên được khôi phục theo.</source>
        <translation>All of it can be restored: restoring the {what} restores the records above with it.</translation>
    </message>
    <message>
        <source>Bản ghi được chuyển vào thùng rác và có thể khôi phục lại.</source>
        <translation>The record goes to the recycle bin and can be restored.</translation>
    </message>
    <message>
        <source>Xóa bản ghi</source>
        <translation>Delete record</translation>
    </message>
    <message>
        <source>Không xóa</source>
        <translation>Don&apos;t delete</translation>
    </message>
    <message>
        <source>Không xóa được</source>
        <translation>Could not delete</translation>
    </message>
    <message>
        <source>Đã chuyển “{name}” vào thùng rác. Bấm “Hoàn tác xóa” để lấy lại.</source>
        <translation>Moved “{name}” to the recycle bin. Click “Undo delete” to bring it back.</translation>
    </message>
    <message>
        <source>Cùng vào thùng rác: {count} bản ghi liên quan.</source>
        <translation>Also moved to the recycle bin: {count} related records.</translation>
    </message>
    <message>
        <source>Đã khôi phục {what}.</source>
        <translation>The {what} was restored.</translation>
    </message>
    <message>
        <source>Cùng được khôi phục: {count} bản ghi liên quan.</source>
        <translation>Also restored: {count} related records.</translation>
    </message>
    <message>
        <source>Lịch sử thay đổi – {name}</source>
        <translation>Change history – {name}</translation>
    </message>
    <message>
        <source>Danh sách theo danh hiệu</source>
        <translation>List by title</translation>
    </message>
    <message>
        <source>Danh hiệu:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>Không mở được máy in. Hãy kiểm tra máy in đã bật và kết nối, rồi in lại.</source>
        <translation>Could not open the printer. Check that the printer is switched on and connected, then print again.</translation>
    </message>
    <message>
        <source>Xem trước – {title}</source>
        <translation>Preview – {title}</translation>
    </message>
    <message numerus="yes">
        <source>%n trang, khổ A4</source>
        <translation>
            <numerusform>%n page, A4 size</numerusform>
            <numerusform>%n pages, A4 size</numerusform>
        </translation>
    </message>
    <message>
        <source>In…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Lưu Word…</source>
        <translation>Save Word…</translation>
    </message>
    <message>
        <source>Lưu bản Word (.docx) cùng nội dung để sửa, bổ sung trước khi in</source>
        <translation>Save an editable Word copy (.docx) with the same content, to edit or complete before printing</translation>
    </message>
    <message>
        <source>{width} × {height} mm</source>
        <translation>{width} × {height} mm</translation>
    </message>
    <message>
        <source>{paper} ngang</source>
        <translation>{paper} landscape</translation>
    </message>
    <message numerus="yes">
        <source>%n trang, khổ {paper}</source>
        <translation>
            <numerusform>%n page, {paper} size</numerusform>
            <numerusform>%n pages, {paper} size</numerusform>
        </translation>
    </message>
    <message>
        <source>– trang {page}/{count}</source>
        <translation>– page {page}/{count}</translation>
    </message>
    <message>
        <source>Lưu Word</source>
        <translation>Save Word</translation>
    </message>
    <message>
        <source>Tài liệu Word (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <source>Đang lưu Word…</source>
        <translation>Saving Word…</translation>
    </message>
    <message>
        <source>Đã lưu bản Word vào {path}.</source>
        <translation>Word copy saved to {path}.</translation>
    </message>
    <message>
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Đang in</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>Đang in trang {done}/{total}…</source>
        <translation>Printing page {done}/{total}…</translation>
    </message>
    <message numerus="yes">
        <source>đã dừng in, %n trang đã gửi tới máy in</source>
        <translation>
            <numerusform>printing stopped, %n page sent to the printer</numerusform>
            <numerusform>printing stopped, %n pages sent to the printer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>đã gửi %n trang tới máy in</source>
        <translation>
            <numerusform>%n page sent to the printer</numerusform>
            <numerusform>%n pages sent to the printer</numerusform>
        </translation>
    </message>
    <message>
        <source>Không in được</source>
        <translation>Could not print</translation>
    </message>
    <message>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path}. Hãy chọn thư mục khác rồi in lại.</source>
        <translation>Could not write the file {path}. Choose another folder and print again.</translation>
    </message>
    <message>
        <source>Đã lưu văn bản vào {path}.</source>
        <translation>The document was saved to {path}.</translation>
    </message>
    <message>
        <source>Nhập danh sách từ Excel</source>
        <translation>Import a list from Excel</translation>
    </message>
    <message>
        <source>Tải tệp mẫu…</source>
        <translation>Download template…</translation>
    </message>
    <message>
        <source>Tệp Excel trống có đúng tên các cột, chú thích cách ghi và danh sách chọn; điền rồi nhập lại ở đây.</source>
        <translation>An empty Excel file with the exact column names, notes on how to write them and drop-down lists; fill it in and import it here.</translation>
    </message>
    <message>
        <source>Loại dữ liệu:</source>
        <translation>Data type:</translation>
    </message>
    <message>
        <source>(chưa chọn tệp)</source>
        <translation>(no file chosen)</translation>
    </message>
    <message>
        <source>Chọn tệp .xlsx…</source>
        <translation>Choose .xlsx file…</translation>
    </message>
    <message>
        <source>Tệp:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Chỉ thêm mới</source>
        <translation>Add new only</translation>
    </message>
    <message>
        <source>Thêm mới và cập nhật</source>
        <translation>Add and update</translation>
    </message>
    <message>
        <source>Dòng của bản ghi đã có trong dữ liệu được bỏ qua.</source>
        <translation>Rows of records already in the data are skipped.</translation>
    </message>
    <message>
        <source>Dòng của bản ghi đã có (cá nhân: cùng số CCCD, hoặc cùng họ tên và ngày sinh; hộ: cùng chủ hộ, thôn và địa chỉ; tập thể: cùng tên) cập nhật bản ghi đó; ô trống giữ nguyên dữ liệu đã có. Xem các thay đổi trước khi nhập.</source>
        <translation>A row of a record already stored (a person: same CCCD, or same name and birth date; a household: same head, village and address; a collective: same name) updates that record; an empty cell keeps what is stored. Review the changes before importing.</translation>
    </message>
    <message>
        <source>Cách nhập:</source>
        <translation>Import mode:</translation>
    </message>
    <message>
        <source>Ghép cột: chọn cột của tệp ứng với từng thông tin (tự đoán theo tên cột).</source>
        <translation>Column mapping: choose the file&apos;s column for each item (guessed from the column names).</translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Cột trong tệp</source>
        <translation>Column in file</translation>
    </message>
    <message>
        <source>Kiểm tra dữ liệu</source>
        <translation>Check data</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Bản ghi</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Hiện có</source>
        <translation>Stored</translation>
    </message>
    <message>
        <source>Trong tệp</source>
        <translation>In the file</translation>
    </message>
    <message>
        <source>Lỗi, cảnh báo</source>
        <translation>Errors, warnings</translation>
    </message>
    <message>
        <source>Thay đổi</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Nhập vào dữ liệu</source>
        <translation>Import into data</translation>
    </message>
    <message>
        <source>Lỗi, cảnh báo ({count})</source>
        <translation>Errors, warnings ({count})</translation>
    </message>
    <message>
        <source>Thay đổi ({count})</source>
        <translation>Changes ({count})</translation>
    </message>
    <message>
        <source>Báo cáo thành tích</source>
        <translation>Achievement report</translation>
    </message>
    <message>
        <source>Báo cáo thành tích của: {name}</source>
        <translation>Achievement report of: {name}</translation>
    </message>
    <message>
        <source>Danh hiệu đã đăng ký trong năm</source>
        <translation>The title registered for the year</translation>
    </message>
    <message>
        <source>Đề nghị tặng:</source>
        <translation>Proposed for:</translation>
    </message>
    <message>
        <source>Lập báo cáo</source>
        <translation>Make the report</translation>
    </message>
    <message>
        <source>Báo cáo sơ kết 6 tháng (bản nháp)…</source>
        <translation>Six-month interim report (draft)…</translation>
    </message>
    <message>
        <source>Báo cáo tổng kết năm (bản nháp)…</source>
        <translation>Annual report (draft)…</translation>
    </message>
    <message>
        <source>Ban hành báo cáo (lấy số)…</source>
        <translation>Issue a report (numbered)…</translation>
    </message>
    <message>
        <source>Chọn tệp Excel</source>
        <translation>Choose Excel file</translation>
    </message>
    <message>
        <source>Không đọc được tệp</source>
        <translation>Could not read the file</translation>
    </message>
    <message numerus="yes">
        <source>{file} – %n dòng</source>
        <translation>
            <numerusform>{file} – %n row</numerusform>
            <numerusform>{file} – %n rows</numerusform>
        </translation>
    </message>
    <message>
        <source>(không nhập)</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <source>Cột {number}</source>
        <translation>Column {number}</translation>
    </message>
    <message>
        <source>Kiểm tra trước khi nhập; chưa có gì được ghi.</source>
        <translation>Check before importing; nothing has been saved yet.</translation>
    </message>
    <message>
        <source>Chưa kiểm tra được</source>
        <translation>Could not check</translation>
    </message>
    <message>
        <source>Không nhập được</source>
        <translation>Could not import</translation>
    </message>
    <message>
        <source>Đã nhập</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>Đã nhập {count} {kind}.</source>
        <translation>Imported {count} {kind}.</translation>
    </message>
    <message>
        <source>&amp;Văn bản</source>
        <translation>&amp;Documents</translation>
    </message>
    <message>
        <source>Danh sách đăng ký thi đua của năm…</source>
        <translation>Emulation registrations of the year…</translation>
    </message>
    <message>
        <source>Danh sách đăng ký theo danh hiệu…</source>
        <translation>Registrations by title…</translation>
    </message>
    <message>
        <source>Phiếu bầu Hội đồng thi đua…</source>
        <translation>Emulation council ballots…</translation>
    </message>
    <message>
        <source>Báo cáo thành tích của cá nhân, tập thể đang chọn…</source>
        <translation>Achievement report of the selected individual or collective…</translation>
    </message>
    <message>
        <source>Nhập danh sách từ Excel…</source>
        <translation>Import a list from Excel…</translation>
    </message>
    <message>
        <source>Xuất bảng đang xem ra Excel…</source>
        <translation>Export current table to Excel…</translation>
    </message>
    <message>
        <source>Chọn năm</source>
        <translation>Choose year</translation>
    </message>
    <message>
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <source>Năm {year} chưa có đăng ký thi đua nào.</source>
        <translation>There are no emulation registrations for {year} yet.</translation>
    </message>
    <message>
        <source>Đang dựng văn bản…</source>
        <translation>Building the document…</translation>
    </message>
    <message>
        <source>Đang dựng văn bản: trang {page}…</source>
        <translation>Building the document: page {page}…</translation>
    </message>
    <message>
        <source>Dòng {row} – {field}: {message}</source>
        <translation>Row {row} – {field}: {message}</translation>
    </message>
    <message>
        <source>Dòng {row}: {message}</source>
        <translation>Row {row}: {message}</translation>
    </message>
    <message numerus="yes">
        <source>Chưa nhập được: %n dòng có lỗi, hãy sửa trong tệp Excel rồi bấm “Kiểm tra dữ liệu” lại. Các lỗi đầu tiên: {errors}</source>
        <translation>
            <numerusform>Cannot import yet: %n row has errors; fix it in the Excel file and press “Check data” again. The first errors: {errors}</numerusform>
            <numerusform>Cannot import yet: %n rows have errors; fix them in the Excel file and press “Check data” again. The first errors: {errors}</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có gì để nhập: không có dòng mới, các dòng đã có không thay đổi gì.</source>
        <translation>Nothing to import: no new rows, and the rows already stored change nothing.</translation>
    </message>
    <message>
        <source>Không có gì để nhập: mọi dòng đều đã có trong dữ liệu. Chọn “Thêm mới và cập nhật” để cập nhật các bản ghi đó.</source>
        <translation>Nothing to import: every row is already in the data. Choose “Add and update” to update those records.</translation>
    </message>
    <message>
        <source>Nhập {count} {kind} mới vào dữ liệu?</source>
        <translation>Import {count} new {kind} into the data?</translation>
    </message>
    <message>
        <source>Nhập {count} {kind} mới và cập nhật {updated} bản ghi đã có (xem thẻ “Thay đổi”)?</source>
        <translation>Import {count} new {kind} and update {updated} stored records (see the “Changes” tab)?</translation>
    </message>
    <message>
        <source>Đã nhập {count} {kind} mới, cập nhật {updated} bản ghi.</source>
        <translation>Imported {count} new {kind}, updated {updated} records.</translation>
    </message>
    <message>
        <source>Tải tệp mẫu</source>
        <translation>Download template</translation>
    </message>
    <message>
        <source>Đã lưu tệp mẫu</source>
        <translation>Template saved</translation>
    </message>
    <message>
        <source>Đã lưu tệp mẫu {path}. Điền từ dòng 5, lưu lại, rồi bấm “Chọn tệp .xlsx…” để nhập.</source>
        <translation>Template saved as {path}. Fill it in from row 5, save it, then press “Choose .xlsx file…” to import it.</translation>
    </message>
    <message>
        <source>Không lưu được tệp mẫu</source>
        <translation>Could not save the template</translation>
    </message>
    <message>
        <source>Báo cáo in từ đây là bản nháp, chưa có số. Để ban hành (lấy số, lưu nguyên nội dung): Văn bản → Ban hành báo cáo (lấy số)…</source>
        <translation>A report printed from here is a draft, without a number. To issue it (numbered, its content kept as issued): Documents → Issue a report (numbered)…</translation>
    </message>
    <message>
        <source>Chưa chọn cá nhân, tập thể</source>
        <translation>No individual or collective selected</translation>
    </message>
    <message>
        <source>Hãy mở bảng Cá nhân hoặc Tập thể, chọn một dòng rồi chọn lại Văn bản → Báo cáo thành tích.</source>
        <translation>Open the Individuals or Collectives table, select a row, then choose Documents → Achievement report again.</translation>
    </message>
    <message>
        <source>Không dựng được văn bản</source>
        <translation>Could not build the document</translation>
    </message>
    <message>
        <source>Chưa chọn bảng</source>
        <translation>No table selected</translation>
    </message>
    <message>
        <source>Hãy mở một bảng (ví dụ Cá nhân) rồi chọn Xuất Excel.</source>
        <translation>Open a table (for example Individuals), then choose Export current table to Excel.</translation>
    </message>
    <message>
        <source>Đã xuất {count} dòng {kind} ra {path}</source>
        <translation>Exported {count} rows of {kind} to {path}</translation>
    </message>
    <message>
        <source>Đã xuất {count} dòng ra {path}.</source>
        <translation>Exported {count} rows to {path}.</translation>
    </message>
    <message>
        <source>Không xuất được</source>
        <translation>Could not export</translation>
    </message>
    <message>
        <source>Theo văn bản (quyết định: Chủ tịch ký; tờ trình: TM. Ủy ban nhân dân)</source>
        <translation>By document (decision: signed by the Chairman; proposal: on behalf of the People&apos;s Committee)</translation>
    </message>
    <message>
        <source>Chủ tịch ký (CHỦ TỊCH)</source>
        <translation>Signed by the Chairman (CHỦ TỊCH)</translation>
    </message>
    <message>
        <source>TM. (thay mặt Ủy ban nhân dân)</source>
        <translation>TM. (on behalf of the People&apos;s Committee)</translation>
    </message>
    <message>
        <source>KT. (ký thay Chủ tịch)</source>
        <translation>KT. (signing for the Chairman)</translation>
    </message>
    <message>
        <source>Q. (quyền Chủ tịch)</source>
        <translation>Q. (acting Chairman)</translation>
    </message>
    <message>
        <source>TL. (thừa lệnh)</source>
        <translation>TL. (by order)</translation>
    </message>
    <message>
        <source>TUQ. (thừa ủy quyền)</source>
        <translation>TUQ. (by authorization)</translation>
    </message>
    <message>
        <source>Nhập lịch sử khen thưởng các năm trước</source>
        <translation>Import award history of earlier years</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Căn cứ: {source}</source>
        <translation>Legal basis: {source}</translation>
    </message>
    <message>
        <source>Đã có quyết định khen thưởng</source>
        <translation>Award decision already made</translation>
    </message>
    <message>
        <source>Do {authority} quyết định</source>
        <translation>Decided by {authority}</translation>
    </message>
    <message>
        <source>Không đạt tỷ lệ phiếu bầu</source>
        <translation>Vote threshold not reached</translation>
    </message>
    <message>
        <source>Không cần</source>
        <translation>Not required</translation>
    </message>
    <message>
        <source>Cần từ {percent}: chưa bỏ phiếu</source>
        <translation>Needs {percent}: not voted yet</translation>
    </message>
    <message>
        <source>Đạt ({yes}/{total})</source>
        <translation>Passed ({yes}/{total})</translation>
    </message>
    <message>
        <source>Không đạt ({yes}/{total})</source>
        <translation>Failed ({yes}/{total})</translation>
    </message>
    <message>
        <source>{reason} [Căn cứ: {source}]</source>
        <translation>{reason} [Legal basis: {source}]</translation>
    </message>
    <message>
        <source>Họ và tên / Tên tập thể</source>
        <translation>Name / Collective</translation>
    </message>
    <message>
        <source>Danh hiệu, hình thức</source>
        <translation>Title / award</translation>
    </message>
    <message>
        <source>Cấp quyết định</source>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>Xã quyết định</source>
        <translation>Commune decides</translation>
    </message>
    <message>
        <source>Đề nghị cấp trên</source>
        <translation>Proposed to higher level</translation>
    </message>
    <message>
        <source>Kết quả xét</source>
        <translation>Review result</translation>
    </message>
    <message>
        <source>Bỏ phiếu kín</source>
        <translation>Secret ballot</translation>
    </message>
    <message>
        <source>Ưu tiên khi bằng nhau</source>
        <translation>Tie-break priority</translation>
    </message>
    <message>
        <source>Lý do và căn cứ</source>
        <translation>Reason and legal basis</translation>
    </message>
    <message>
        <source>Có mặt</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Vắng, có phiếu bằng văn bản</source>
        <translation>Absent, written vote</translation>
    </message>
    <message>
        <source>Từ {percent} tổng số thành viên</source>
        <translation>At least {percent} of all members</translation>
    </message>
    <message>
        <source>Từ {percent}: ít nhất {need}/{total} phiếu</source>
        <translation>{percent}: at least {need}/{total} votes</translation>
    </message>
    <message>
        <source>Danh hiệu</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Ngưỡng phiếu đồng ý</source>
        <translation>Approval threshold</translation>
    </message>
    <message>
        <source>Kết quả kiểm phiếu</source>
        <translation>Ballot count</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Tờ trình đề nghị khen thưởng</source>
        <translation>Award proposal</translation>
    </message>
    <message>
        <source>Biên bản họp Hội đồng Thi đua - Khen thưởng</source>
        <translation>Minutes of the Emulation and Commendation Council</translation>
    </message>
    <message>
        <source>Báo cáo phong trào thi đua</source>
        <translation>Emulation movement report</translation>
    </message>
    <message>
        <source>Phiếu bầu</source>
        <translation>Ballot slips</translation>
    </message>
    <message>
        <source>Công văn gửi tệp dữ liệu</source>
        <translation>Cover letter of a data file</translation>
    </message>
    <message>
        <source>Quyết định bãi bỏ</source>
        <translation>Decision of repeal</translation>
    </message>
    <message>
        <source>Biên bản họp bình xét danh hiệu văn hóa</source>
        <translation>Minutes of the cultural title review meeting</translation>
    </message>
    <message>
        <source>Quyết định tặng danh hiệu văn hóa</source>
        <translation>Decision awarding a cultural title</translation>
    </message>
    <message>
        <source>Loại khen thưởng phải là chuyen_de (chuyên đề) hoặc dot_xuat (đột xuất).</source>
        <translation>The kind of award must be chuyen_de (by theme) or dot_xuat (ad hoc).</translation>
    </message>
    <message>
        <source>Quyết định</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>khen thưởng {code} {number}</source>
        <translation>award {code} {number}</translation>
    </message>
    <message>
        <source>Chưa chọn cá nhân, tập thể, hộ gia đình nào để khen thưởng.</source>
        <translation>No individual, collective or household has been chosen for the award.</translation>
    </message>
    <message>
        <source>{name} được chọn hai lần; mỗi đối tượng một dòng.</source>
        <translation>{name} is chosen twice; one line per subject.</translation>
    </message>
    <message>
        <source>Không tìm thấy {name} (có thể đã bị xóa).</source>
        <translation>{name} was not found (it may have been deleted).</translation>
    </message>
    <message>
        <source>{name}: chưa chọn thành tích được khen thưởng.</source>
        <translation>{name}: no achievement chosen for the award.</translation>
    </message>
    <message>
        <source>{name}: thành tích mã {id} không phải của đối tượng này.</source>
        <translation>{name}: achievement {id} does not belong to this subject.</translation>
    </message>
    <message>
        <source>Thành tích “{what}” được chọn hai lần.</source>
        <translation>The achievement “{what}” is chosen twice.</translation>
    </message>
    <message>
        <source>{name}: thành tích “{what}” đã được khen thưởng ({where}); một thành tích chỉ khen một hình thức.</source>
        <translation>{name}: the achievement “{what}” has already been rewarded ({where}); one achievement earns one form of award.</translation>
    </message>
    <message>
        <source>Chưa ban hành được quyết định:</source>
        <translation>The decision could not be issued:</translation>
    </message>
    <message>
        <source>{name}: thành tích “{what}” đạt ngày {date}, sau ngày ký quyết định.</source>
        <translation>{name}: the achievement “{what}” is dated {date}, after the decision&apos;s signing date.</translation>
    </message>
    <message>
        <source>{name}: thành tích “{what}” đạt ngày {date}, quá {days} ngày trước ngày ký ({source}).</source>
        <translation>{name}: the achievement “{what}” is dated {date}, more than {days} days before the signing date ({source}).</translation>
    </message>
    <message>
        <source>Hãy ghi tên phong trào, chuyên đề hoặc sự việc được khen thưởng.</source>
        <translation>Enter the movement, theme or event the award is for.</translation>
    </message>
    <message>
        <source>Nội dung khen thưởng dài quá {n} ký tự; hãy viết gọn.</source>
        <translation>The award&apos;s subject is longer than {n} characters; please shorten it.</translation>
    </message>
    <message>
        <source>Tờ trình</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>Biên bản</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Công văn</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>QĐ bãi bỏ</source>
        <translation>Repeal</translation>
    </message>
    <message>
        <source>Đính chính</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Thay thế</source>
        <translation>Replacement</translation>
    </message>
    <message>
        <source>Bãi bỏ</source>
        <translation>Repeal</translation>
    </message>
    <message>
        <source>{change} bởi văn bản {number}</source>
        <translation>{change} by document {number}</translation>
    </message>
    <message>
        <source>Còn hiệu lực</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>Còn hiệu lực, {changes}</source>
        <translation>In force, {changes}</translation>
    </message>
    <message>
        <source>Hết hiệu lực: {changes}</source>
        <translation>No longer in force: {changes}</translation>
    </message>
    <message>
        <source>Ngày ký</source>
        <translation>Signed on</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <source>Số dòng</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Tổng tiền (đồng)</source>
        <translation>Total (VND)</translation>
    </message>
    <message>
        <source>Hiệu lực</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Mã băm SHA-256 của nội dung lưu khi ban hành: {sha}</source>
        <translation>SHA-256 hash of the content stored at issue: {sha}</translation>
    </message>
    <message>
        <source>Tất cả loại văn bản</source>
        <translation>All kinds of document</translation>
    </message>
    <message>
        <source>Mỗi văn bản được lưu nguyên nội dung khi ban hành, kèm mã băm SHA-256: in lại luôn ra đúng bản đã ký. Văn bản sai thì lập văn bản đính chính, thay thế hoặc bãi bỏ; văn bản cũ vẫn được giữ trong sổ.</source>
        <translation>Each document&apos;s content is kept as issued, with its SHA-256 hash: a reprint is always the signed document. A wrong document is corrected, replaced or repealed by a new one; the old one stays in the register.</translation>
    </message>
    <message>
        <source>In lại…</source>
        <translation>Reprint…</translation>
    </message>
    <message>
        <source>Xem trước và in văn bản đúng như đã ban hành</source>
        <translation>Preview and print the document exactly as issued</translation>
    </message>
    <message>
        <source>Chi tiết…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <source>Đính chính, thay thế, bãi bỏ…</source>
        <translation>Correct, replace, repeal…</translation>
    </message>
    <message>
        <source>Ban hành báo cáo…</source>
        <translation>Issue a report…</translation>
    </message>
    <message>
        <source>Ban hành báo cáo sơ kết 6 tháng hoặc tổng kết năm: lấy số trong sổ văn bản, lưu nguyên nội dung</source>
        <translation>Issue the six-month or annual report: a number from the register, its content kept as issued</translation>
    </message>
    <message>
        <source>Khen thưởng chuyên đề, đột xuất…</source>
        <translation>Awards by theme, ad hoc…</translation>
    </message>
    <message>
        <source>Giấy khen của Chủ tịch UBND xã theo chuyên đề hoặc đột xuất, ngoài tổng kết năm</source>
        <translation>Certificate of merit of the commune chairman by theme or ad hoc, besides the year-end review</translation>
    </message>
    <message>
        <source>Kế hoạch phát động…</source>
        <translation>Launch plan…</translation>
    </message>
    <message>
        <source>Ban hành kế hoạch phát động thi đua của năm, có hạn đăng ký thi đua</source>
        <translation>Issue the year&apos;s emulation launch plan, with its registration deadline</translation>
    </message>
    <message>
        <source>In giấy khen…</source>
        <translation>Print certificates…</translation>
    </message>
    <message>
        <source>In giấy khen theo quyết định khen thưởng đã chọn, mỗi đối tượng một tờ: trên giấy trắng hoặc trên phôi in sẵn</source>
        <translation>Print the certificates of the selected award decision, one sheet per awardee: on plain paper or on pre-printed blanks</translation>
    </message>
    <message>
        <source>{kind} {number} ngày {date}: {status}. SHA-256: {sha}</source>
        <translation>{kind} {number} of {date}: {status}. SHA-256: {sha}</translation>
    </message>
    <message numerus="yes">
        <source>%n văn bản.</source>
        <translation>
            <numerusform>%n document.</numerusform>
            <numerusform>%n documents.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa có văn bản nào được ban hành trong năm này.</source>
        <translation>No document has been issued in this year yet.</translation>
    </message>
    <message>
        <source>Số trường hợp</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Tổng tiền thưởng (đồng)</source>
        <translation>Total bonus (VND)</translation>
    </message>
    <message>
        <source>Kết quả của tỉnh</source>
        <translation>Province&apos;s result</translation>
    </message>
    <message>
        <source>{accepted} được tặng, {returned} trả lại</source>
        <translation>{accepted} awarded, {returned} returned</translation>
    </message>
    <message>
        <source>, {count} chưa có</source>
        <translation>, {count} pending</translation>
    </message>
    <message>
        <source>Đơn vị, loại</source>
        <translation>Unit, type</translation>
    </message>
    <message>
        <source>Ngày quyết định</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Bình xét thi đua, khen thưởng cuối năm</source>
        <translation>Year-end emulation and award review</translation>
    </message>
    <message>
        <source>Năm bình xét:</source>
        <translation>Review year:</translation>
    </message>
    <message>
        <source>Xét lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Hiện:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>Tất cả trường hợp</source>
        <translation>All cases</translation>
    </message>
    <message>
        <source>Đủ điều kiện</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <source>Hội đồng cần xem xét</source>
        <translation>For the council to consider</translation>
    </message>
    <message>
        <source>Chưa đủ điều kiện</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <source>Quyết định của xã</source>
        <translation>Commune decision</translation>
    </message>
    <message>
        <source>Nhập bổ sung (năm trước, cơ quan khác)</source>
        <translation>Entered later (earlier year, another body)</translation>
    </message>
    <message>
        <source>Quyết định của cấp trên</source>
        <translation>Higher-level decision</translation>
    </message>
    <message>
        <source>{names} và {count} người khác</source>
        <translation>{names} and {count} more</translation>
    </message>
    <message>
        <source>{first} hoặc {last}</source>
        <translation>{first} or {last}</translation>
    </message>
    <message>
        <source>Do {authority} quyết định.</source>
        <translation>Decided by {authority}.</translation>
    </message>
    <message>
        <source>Đạt các tiêu chuẩn của danh mục.</source>
        <translation>Meets the criteria of the catalogue.</translation>
    </message>
    <message>
        <source>Tiêu chuẩn của danh hiệu tham chiếu vòng tròn trong danh mục.</source>
        <translation>The title&apos;s criteria refer to each other in a circle in the catalogue.</translation>
    </message>
    <message>
        <source>Danh mục phiên bản {version} không có danh hiệu, hình thức mã “{code}”.</source>
        <translation>Catalogue version {version} has no title or award with code “{code}”.</translation>
    </message>
    <message>
        <source>{title} chỉ dành cho {allowed}.</source>
        <translation>{title} is only for: {allowed}.</translation>
    </message>
    <message>
        <source>Ngày tuyển dụng {date} ở tương lai. Hãy kiểm tra lại.</source>
        <translation>The hiring date {date} is in the future. Please check it.</translation>
    </message>
    <message>
        <source>Ngày tuyển dụng {date} khi chưa đủ {age} tuổi (sinh ngày {born}). Hãy kiểm tra lại ngày tuyển dụng hoặc ngày sinh.</source>
        <translation>Hiring date {date} is before the age of {age} (born {born}). Please check the hiring date or the birth date.</translation>
    </message>
    <message>
        <source>đã giải thể từ ngày {date}</source>
        <translation>was dissolved on {date}</translation>
    </message>
    <message>
        <source>đã sáp nhập vào “{into}” từ ngày {date}</source>
        <translation>was merged into “{into}” on {date}</translation>
    </message>
    <message>
        <source>đã sáp nhập vào “{into}”</source>
        <translation>was merged into “{into}”</translation>
    </message>
    <message>
        <source>đã sáp nhập</source>
        <translation>was merged</translation>
    </message>
    <message>
        <source>đã sáp nhập từ ngày {date}</source>
        <translation>was merged on {date}</translation>
    </message>
    <message>
        <source>{field}: “{name}” {ended}, không chọn được nữa. Hãy chọn tập thể đang hoạt động.</source>
        <translation>{field}: “{name}” {ended} and can no longer be chosen. Please choose an active collective.</translation>
    </message>
    <message>
        <source>Tập thể đang hoạt động thì để trống ngày giải thể, sáp nhập (hoặc chọn lại tình trạng).</source>
        <translation>An active collective has no dissolution or merger date (or choose its status again).</translation>
    </message>
    <message>
        <source>Đã giải thể hoặc sáp nhập thì phải nhập ngày giải thể, sáp nhập.</source>
        <translation>A dissolved or merged collective needs the date it was dissolved or merged.</translation>
    </message>
    <message>
        <source>Ngày giải thể, sáp nhập {date} ở tương lai: chỉ ghi khi quyết định đã có hiệu lực.</source>
        <translation>The dissolution or merger date {date} is in the future: enter it only once the decision has taken effect.</translation>
    </message>
    <message>
        <source>Tập thể đã có đăng ký thi đua năm {year}, sau ngày giải thể, sáp nhập {date}. Hãy xem lại ngày, hoặc xóa đăng ký đó trước.</source>
        <translation>The collective has an emulation registration for {year}, after the dissolution or merger date {date}. Check the date, or delete that registration first.</translation>
    </message>
    <message>
        <source>“{name}” đã sáp nhập (trực tiếp hay gián tiếp) vào chính tập thể này: không sáp nhập vòng tròn được.</source>
        <translation>“{name}” was merged (directly or not) into this very collective: a merger cannot go round in a circle.</translation>
    </message>
    <message>
        <source>Còn {people} người và {households} hộ gia đình ghi thuộc tập thể này. Hồ sơ cũ vẫn giữ tên tập thể; sau khi lưu, hãy chuyển họ sang đơn vị mới.</source>
        <translation>{people} people and {households} households still belong to this collective. Their records keep its name; after saving, move them to their new unit.</translation>
    </message>
    <message>
        <source>“{name}” {ended}: không đăng ký thi đua năm {year} được (chỉ đến năm {last}).</source>
        <translation>“{name}” {ended}: it cannot register for {year} (only up to {last}).</translation>
    </message>
    <message>
        <source>đã giải thể</source>
        <translation>was dissolved</translation>
    </message>
    <message>
        <source>Tập thể {state}{when}: giữ trong dữ liệu để tra cứu, không bình xét năm {year}.</source>
        <translation>The collective was {state}{when}: kept in the data for reference, not reviewed in {year}.</translation>
    </message>
    <message>
        <source>Đối tượng không còn trong dữ liệu (có thể đã bị xóa).</source>
        <translation>The subject is no longer in the data (it may have been deleted).</translation>
    </message>
    <message>
        <source>Tiêu chuẩn {title} trong danh mục {version} áp dụng từ ngày {valid_from}, sau ngày xét {on}.</source>
        <translation>The criteria for {title} in catalogue {version} apply from {valid_from}, after the review date {on}.</translation>
    </message>
    <message>
        <source>{case} từ ngày {date}</source>
        <translation>{case} since {date}</translation>
    </message>
    <message>
        <source>{cases}: chưa xét khen thưởng cho đến khi có kết luận.</source>
        <translation>{cases}: no award is considered until there is a conclusion.</translation>
    </message>
    <message>
        <source>Không đang bị xem xét kỷ luật, điều tra, khiếu nại.</source>
        <translation>No pending disciplinary case, investigation or complaint.</translation>
    </message>
    <message>
        <source>Đã được tặng {title} năm {year}{decision}; một thành tích chỉ khen thưởng một lần.</source>
        <translation>Already awarded {title} for {year}{decision}; an achievement is rewarded only once.</translation>
    </message>
    <message>
        <source>Có {count} thành tích năm {year} chưa được khen thưởng, đề nghị: “{first}”.</source>
        <translation>{count} achievements of {year} not rewarded yet, proposed: “{first}”.</translation>
    </message>
    <message>
        <source>Thành tích năm {year} đã được khen thưởng hoặc đề nghị khen thưởng ({awards}); một thành tích chỉ khen một hình thức. Nếu có thành tích khác, hãy ghi thành tích đó.</source>
        <translation>The achievements of {year} are already rewarded or proposed ({awards}); one achievement earns one form of award. If there is another achievement, record it.</translation>
    </message>
    <message>
        <source>Thành phần {category} không xếp loại chất lượng: Hội đồng xác nhận lao động, sản xuất có hiệu quả, chấp hành tốt chính sách, pháp luật và tích cực tham gia phong trào thi đua.</source>
        <translation>The category {category} has no quality rating: the council confirms effective work or production, good compliance with policy and law, and active part in the emulation movement.</translation>
    </message>
    <message>
        <source>Chưa có kết quả xếp loại năm {year} (yêu cầu từ “{rating}” trở lên).</source>
        <translation>No rating for {year} yet (“{rating}” or better required).</translation>
    </message>
    <message>
        <source>Xếp loại năm {year}: {got} (yêu cầu từ “{rating}” trở lên).</source>
        <translation>Rating for {year}: {got} (“{rating}” or better required).</translation>
    </message>
    <message>
        <source>Xếp loại năm {year}: {got}, chưa đạt mức “{rating}”.</source>
        <translation>Rating for {year}: {got}, below “{rating}”.</translation>
    </message>
    <message>
        <source>{count} năm liên tục ({years})</source>
        <translation>in {count} consecutive years ({years})</translation>
    </message>
    <message>
        <source>năm {year}</source>
        <translation>in {year}</translation>
    </message>
    <message>
        <source>Chưa đạt “{rating}” {span}: năm {years} xếp loại thấp hơn.</source>
        <translation>Not “{rating}” {span}: rated lower in {years}.</translation>
    </message>
    <message>
        <source>Chưa có kết quả xếp loại năm {years} (yêu cầu “{rating}” {span}).</source>
        <translation>No rating for {years} yet (“{rating}” required {span}).</translation>
    </message>
    <message>
        <source>Đạt “{rating}” {span}.</source>
        <translation>“{rating}” {span}.</translation>
    </message>
    <message>
        <source>(chưa ghi hình thức)</source>
        <translation>(measure not recorded)</translation>
    </message>
    <message>
        <source>Bị kỷ luật {level}{decision}, không ghi ngày</source>
        <translation>Disciplined: {level}{decision}, no date recorded</translation>
    </message>
    <message>
        <source>Bị kỷ luật {level} ngày {date}{decision} trong năm {year}</source>
        <translation>Disciplined: {level} on {date}{decision}, within {year}</translation>
    </message>
    <message>
        <source>Bị kỷ luật {level} từ ngày {date}{decision} đến ngày {end}, còn hiệu lực trong năm {year}</source>
        <translation>Disciplined: {level} from {date}{decision} to {end}, still in force in {year}</translation>
    </message>
    <message>
        <source>Bị kỷ luật {level} từ ngày {date}{decision}, chưa ghi ngày hết hiệu lực, còn hiệu lực trong năm {year}</source>
        <translation>Disciplined: {level} from {date}{decision}, no end date recorded, still in force in {year}</translation>
    </message>
    <message>
        <source>{discipline}: Hội đồng xem xét.</source>
        <translation>{discipline}: for the council to consider.</translation>
    </message>
    <message>
        <source>Không bị kỷ luật từ hình thức {level} trở lên trong năm {year}.</source>
        <translation>No disciplinary measure of {level} or heavier in {year}.</translation>
    </message>
    <message>
        <source>Tập thể chưa có thành viên nào trong dữ liệu (cá nhân có “Đơn vị công tác” là tập thể này).</source>
        <translation>The collective has no members in the data yet (individuals whose “Workplace” is this collective).</translation>
    </message>
    <message>
        <source>Có {count} thành viên bị kỷ luật từ {level} trở lên trong năm {year}: {names}.</source>
        <translation>Members with a disciplinary measure of {level} or heavier in {year}: {count} – {names}.</translation>
    </message>
    <message>
        <source>Có {count} thành viên đang trong thời hạn kỷ luật từ {level} trở lên (quyết định từ năm trước): {names}. Hội đồng xem xét.</source>
        <translation>Members still under a disciplinary measure of {level} or heavier (decided in an earlier year): {count} – {names}. For the council to consider.</translation>
    </message>
    <message>
        <source>Không thành viên nào bị kỷ luật từ hình thức {level} trở lên trong năm {year}.</source>
        <translation>No member received a disciplinary measure of {level} or heavier in {year}.</translation>
    </message>
    <message>
        <source>Đã được công nhận {title} năm {year}{decision}.</source>
        <translation>Already recognised as {title} for {year}{decision}.</translation>
    </message>
    <message>
        <source>Đủ tiêu chuẩn {title} năm {year}.</source>
        <translation>Meets the criteria for {title} in {year}.</translation>
    </message>
    <message>
        <source>{title}: cần Hội đồng xác nhận ({reasons})</source>
        <translation>{title}: needs the council&apos;s confirmation ({reasons})</translation>
    </message>
    <message>
        <source>Chưa đủ tiêu chuẩn {title}: {reasons}</source>
        <translation>Does not meet the criteria for {title}: {reasons}</translation>
    </message>
    <message>
        <source>yêu cầu từ {need} trở lên</source>
        <translation>at least {need} required</translation>
    </message>
    <message>
        <source>yêu cầu trên {need}</source>
        <translation>more than {need} required</translation>
    </message>
    <message>
        <source>yêu cầu không quá {need}</source>
        <translation>at most {need} allowed</translation>
    </message>
    <message>
        <source>{ok}/{total} thành viên {what} ({share}), {want}.</source>
        <translation>{ok}/{total} members {what} ({share}), {want}.</translation>
    </message>
    <message>
        <source>{ok}/{total} thành viên {what} ({share}), {want}; thêm {maybe} thành viên {maybe_note} thì đạt ({upper}).</source>
        <translation>{ok}/{total} members {what} ({share}), {want}; with {maybe} more members {maybe_note} it holds ({upper}).</translation>
    </message>
    <message>
        <source>{ok}/{total} thành viên {what} ({share}), {want}: chưa đạt.</source>
        <translation>{ok}/{total} members {what} ({share}), {want}: not met.</translation>
    </message>
    <message>
        <source>{ok}/{total} thành viên {what} ({share}), {want}: chưa đạt. Chưa đạt gồm: {names}.</source>
        <translation>{ok}/{total} members {what} ({share}), {want}: not met. Not meeting it: {names}.</translation>
    </message>
    <message>
        <source>đạt {title}</source>
        <translation>achieving {title}</translation>
    </message>
    <message>
        <source>cần Hội đồng xác nhận</source>
        <translation>awaiting the council&apos;s confirmation</translation>
    </message>
    <message>
        <source>xếp loại từ “{rating}” trở lên năm {year}</source>
        <translation>rated “{rating}” or better in {year}</translation>
    </message>
    <message>
        <source>chưa có kết quả xếp loại</source>
        <translation>not yet rated</translation>
    </message>
    <message>
        <source>Có {count} thành viên đạt {title} năm {year} (yêu cầu ít nhất {need}).</source>
        <translation>Members achieving {title} in {year}: {count} (at least {need} required).</translation>
    </message>
    <message>
        <source>Có {count} thành viên chắc chắn đạt {title}, {maybe} thành viên cần Hội đồng xác nhận (yêu cầu ít nhất {need}).</source>
        <translation>Members certainly achieving {title}: {count}; needing the council&apos;s confirmation: {maybe} (at least {need} required).</translation>
    </message>
    <message>
        <source>Chưa có đủ {need} thành viên đạt {title} năm {year} (hiện có {count}).</source>
        <translation>Members achieving {title} in {year}: {count}, fewer than the {need} required.</translation>
    </message>
    <message>
        <source>Chưa đủ {count} năm liên tục {title} ({years}): có năm {have}, thiếu năm {missing} trong lịch sử khen thưởng.</source>
        <translation>Not {title} for {count} consecutive years ({years}): awarded in {have}, {missing} missing from the award history.</translation>
    </message>
    <message>
        <source>Chưa đủ {count} năm liên tục {title} ({years}): chưa có năm nào, thiếu năm {missing} trong lịch sử khen thưởng.</source>
        <translation>Not {title} for {count} consecutive years ({years}): no year yet, {missing} missing from the award history.</translation>
    </message>
    <message>
        <source>{count} năm liên tục {title} ({years}) nếu Hội đồng xác nhận năm {year}.</source>
        <translation>{title} for {count} consecutive years ({years}) if the council confirms {year}.</translation>
    </message>
    <message>
        <source>Đạt {title} {count} năm liên tục ({years}); năm {year} đủ tiêu chuẩn trong đợt bình xét này.</source>
        <translation>{title} for {count} consecutive years ({years}); {year} meets the criteria in this review.</translation>
    </message>
    <message>
        <source>Đạt {title} {count} năm liên tục ({years}).</source>
        <translation>{title} for {count} consecutive years ({years}).</translation>
    </message>
    <message>
        <source>Tiêu chuẩn sáng kiến chỉ áp dụng cho cá nhân.</source>
        <translation>The initiative criterion applies to individuals only.</translation>
    </message>
    <message>
        <source>từ năm {first} đến {last}</source>
        <translation>from {first} to {last}</translation>
    </message>
    <message>
        <source>Có {count} {kinds} được công nhận ({scopes}) {span}: {shown}.</source>
        <translation>Recognised {kinds} ({scopes}) {span}: {count} – {shown}.</translation>
    </message>
    <message>
        <source>Cần ít nhất {need} {kinds} được công nhận ({scopes}) {span}; hiện có {count}.</source>
        <translation>Recognised {kinds} ({scopes}) {span}: {count}; at least {need} needed.</translation>
    </message>
    <message>
        <source>Chưa có thành tích nào năm {year} trong dữ liệu.</source>
        <translation>No achievement for {year} in the data yet.</translation>
    </message>
    <message>
        <source>Có {count} thành tích năm {year} chưa được khen thưởng: “{first}”.</source>
        <translation>Achievements of {year} not yet rewarded: {count}, e.g. “{first}”.</translation>
    </message>
    <message>
        <source>Các thành tích năm {year} đã được khen thưởng ({awards}); một thành tích chỉ khen một lần.</source>
        <translation>The achievements of {year} have already been rewarded ({awards}); an achievement is rewarded only once.</translation>
    </message>
    <message>
        <source>Chỉ áp dụng cho tập thể.</source>
        <translation>Applies to collectives only.</translation>
    </message>
    <message>
        <source>Loại tập thể: {kind}.</source>
        <translation>Collective type: {kind}.</translation>
    </message>
    <message>
        <source>Chỉ dành cho: {allowed}; tập thể này thuộc loại {kind}.</source>
        <translation>Only for: {allowed}; this collective is of type {kind}.</translation>
    </message>
    <message>
        <source>Chỉ áp dụng cho cá nhân.</source>
        <translation>Applies to individuals only.</translation>
    </message>
    <message>
        <source>Thành phần {category} không xét thời gian công tác.</source>
        <translation>Length of service is not checked for {category}.</translation>
    </message>
    <message>
        <source>Chưa ghi ngày tuyển dụng (yêu cầu công tác từ {months} tháng trở lên).</source>
        <translation>No hiring date recorded (at least {months} months of service required).</translation>
    </message>
    <message>
        <source>Tuyển dụng ngày {date}: đã công tác {count} tháng đến hết năm {year} (yêu cầu từ {months} tháng).</source>
        <translation>Hired on {date}: {count} months of service by the end of {year} ({months} months required).</translation>
    </message>
    <message>
        <source>Tuyển dụng ngày {date}: mới công tác {count} tháng đến hết năm {year}, chưa đủ {months} tháng.</source>
        <translation>Hired on {date}: only {count} months of service by the end of {year}, less than {months} months.</translation>
    </message>
    <message>
        <source>Đạt một trong các tiêu chuẩn</source>
        <translation>Meets one of the criteria</translation>
    </message>
    <message>
        <source>Chưa đạt tiêu chuẩn nào trong số: {label}. {reasons}</source>
        <translation>Meets none of: {label}. {reasons}</translation>
    </message>
    <message>
        <source>Khi bằng nhau, ưu tiên cá nhân nữ, tập thể có từ {percent} thành viên là nữ ({source}).</source>
        <translation>On a tie, women and collectives with at least {percent} women members come first ({source}).</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Woman</translation>
    </message>
    <message>
        <source>Tập thể {percent} nữ</source>
        <translation>Collective, {percent} women</translation>
    </message>
    <message>
        <source>Xét danh hiệu {instead} thay cho {title}, do {authority} quyết định; không đưa vào quyết định, tờ trình của xã.</source>
        <translation>Reviewed for {instead} instead of {title}, decided by {authority}; not in the commune&apos;s decision or proposal.</translation>
    </message>
    <message>
        <source>{title} của đối tượng này do {authority} quyết định; không đưa vào quyết định, tờ trình của xã; khi có quyết định, nhập vào lịch sử khen thưởng.</source>
        <translation>{title} for this subject is decided by {authority}; not in the commune&apos;s decision or proposal; when it is decided, enter it in the award history.</translation>
    </message>
    <message>
        <source>Có {count} người đủ tiêu chuẩn {title}, vượt giới hạn {percent} % số đạt {base_title} ({base} người): Hội đồng chỉ chọn tối đa {limit}.</source>
        <translation>People meeting the criteria for {title}: {count}, above the limit of {percent} % of those achieving {base_title} ({base}): the council chooses at most {limit}.</translation>
    </message>
    <message>
        <source>Hội đồng cấp xã không bỏ phiếu {title}: {selection}.</source>
        <translation>The commune council does not vote on {title}: {selection}.</translation>
    </message>
    <message>
        <source>Số phiếu phải là số nguyên không âm.</source>
        <translation>The number of votes must be a whole number, not negative.</translation>
    </message>
    <message>
        <source>Hội đồng phải có ít nhất một thành viên.</source>
        <translation>The council must have at least one member.</translation>
    </message>
    <message>
        <source>Tổng số phiếu ({votes}) nhiều hơn số thành viên Hội đồng ({members}). Hãy kiểm tra lại biên bản kiểm phiếu.</source>
        <translation>The total of votes ({votes}) is more than the number of council members ({members}). Check the vote count record.</translation>
    </message>
    <message>
        <source>Chưa có thành viên Hội đồng Thi đua - Khen thưởng. Hãy nhập danh sách Hội đồng trước.</source>
        <translation>There are no members of the Emulation and Commendation Council yet. Enter the council first.</translation>
    </message>
    <message>
        <source>Không tìm thấy thành viên Hội đồng mã {ids}.</source>
        <translation>Council members not found: {ids}.</translation>
    </message>
    <message>
        <source>Thành viên có mặt thì bỏ phiếu tại cuộc họp, không ghi là bỏ phiếu bằng văn bản.</source>
        <translation>A member who is present votes at the meeting; do not mark them as voting in writing.</translation>
    </message>
    <message>
        <source>Chưa đánh dấu thành viên nào có mặt.</source>
        <translation>No member is marked as present.</translation>
    </message>
    <message>
        <source>Không tìm thấy cuộc họp Hội đồng.</source>
        <translation>Council meeting not found.</translation>
    </message>
    <message>
        <source>Có {attending}/{total} thành viên dự họp, chưa đủ {quorum} (cần ít nhất {needed}): cuộc họp chưa đủ điều kiện xét khen thưởng. Hãy đánh dấu đúng những thành viên có mặt, hoặc hoãn cuộc họp đến khi đủ thành viên.</source>
        <translation>{attending}/{total} members attend, less than {quorum} (at least {needed} needed): the meeting cannot review awards. Mark exactly the members present, or postpone the meeting until enough members attend.</translation>
    </message>
    <message>
        <source>Thành viên vắng mặt gửi phiếu bằng văn bản không được tính là dự họp.</source>
        <translation>Absent members who vote in writing do not count as attending.</translation>
    </message>
    <message>
        <source>Căn cứ: {source}.</source>
        <translation>Legal basis: {source}.</translation>
    </message>
    <message>
        <source>Có mặt {attending}/{total} thành viên Hội đồng.</source>
        <translation>{attending}/{total} council members present.</translation>
    </message>
    <message>
        <source>Có mặt {attending}/{total} thành viên Hội đồng, đủ {quorum} tổng số thành viên (cần ít nhất {needed}).</source>
        <translation>{attending}/{total} council members present, {quorum} of all members reached (at least {needed} needed).</translation>
    </message>
    <message>
        <source>Chưa chọn người chủ trì cuộc họp. Hãy chọn một thành viên Hội đồng có mặt.</source>
        <translation>No one chairs the meeting yet. Choose a council member who is present.</translation>
    </message>
    <message>
        <source>Người chủ trì {name} không có mặt tại cuộc họp. Hãy chọn một thành viên Hội đồng có mặt.</source>
        <translation>The chair {name} is not present at the meeting. Choose a council member who is present.</translation>
    </message>
    <message>
        <source>Chưa chọn thư ký cuộc họp (người ghi và ký biên bản). Hãy chọn một thành viên Hội đồng có mặt.</source>
        <translation>No secretary chosen yet (who writes and signs the minutes). Choose a council member who is present.</translation>
    </message>
    <message>
        <source>Thư ký {name} không có mặt tại cuộc họp: thư ký ghi biên bản nên phải là người dự họp. Hãy chọn một thành viên Hội đồng có mặt.</source>
        <translation>The secretary {name} is not present at the meeting: the secretary writes the minutes and must attend. Choose a council member who is present.</translation>
    </message>
    <message>
        <source>Không tìm thấy thành viên Hội đồng mã {id}.</source>
        <translation>No council member with id {id}.</translation>
    </message>
    <message>
        <source>Người chủ trì và thư ký cuộc họp phải là hai người khác nhau.</source>
        <translation>The chair and the secretary of the meeting must be two different people.</translation>
    </message>
    <message>
        <source>Biên bản cuộc họp ngày {date} đã ban hành (số {number}): kết quả biểu quyết, bỏ phiếu của cuộc họp này không sửa được nữa. Nếu kết quả ghi sai, hãy lập biên bản đính chính; nếu Hội đồng họp lại, hãy ghi cuộc họp mới.</source>
        <translation>The minutes of the meeting of {date} have been issued (number {number}): the votes of this meeting can no longer change. If a result was entered wrongly, issue corrected minutes; if the council meets again, record a new meeting.</translation>
    </message>
    <message>
        <source>Có {votes} phiếu nhưng chỉ {voting} thành viên có mặt hoặc bỏ phiếu bằng văn bản. Hãy kiểm tra lại biên bản kiểm phiếu.</source>
        <translation>Votes cast: {votes}, but members present or voting in writing: only {voting}. Check the vote count record.</translation>
    </message>
    <message>
        <source>Chưa nhập họ tên người ký.</source>
        <translation>Enter the signer&apos;s name.</translation>
    </message>
    <message>
        <source>Thẩm quyền ký phải là một trong: {prefixes} hoặc để trống.</source>
        <translation>The signing authority must be one of: {prefixes}, or left empty.</translation>
    </message>
    <message>
        <source>Số văn bản phải là số nguyên dương.</source>
        <translation>The document number must be a positive whole number.</translation>
    </message>
    <message>
        <source>Chưa có kết quả bỏ phiếu kín; {title} cần đạt từ {percent} tổng số thành viên Hội đồng ({source}).</source>
        <translation>No secret ballot result yet; {title} needs at least {percent} of all council members ({source}).</translation>
    </message>
    <message>
        <source>Không có đối tượng nào đủ điều kiện đưa vào quyết định khen thưởng năm {year}.</source>
        <translation>Nobody is eligible for the award decision of {year}.</translation>
    </message>
    <message>
        <source>{title} của {authority}</source>
        <translation>{title} of the {authority}</translation>
    </message>
    <message>
        <source>Đã được tặng {title}, QĐ số {number} ngày {date}</source>
        <translation>Awarded {title}, decision no. {number} of {date}</translation>
    </message>
    <message>
        <source>Trả lại: {reason}</source>
        <translation>Returned: {reason}</translation>
    </message>
    <message>
        <source>Không có đối tượng nào đủ điều kiện đưa vào tờ trình đề nghị cấp trên năm {year}.</source>
        <translation>Nobody is eligible for the proposal to the higher level for {year}.</translation>
    </message>
    <message>
        <source>{title} được công nhận theo trình tự riêng ({source}), không xét trong quyết định chung.</source>
        <translation>{title} is recognised through its own procedure ({source}), not in the general decision.</translation>
    </message>
    <message>
        <source>Một thành tích chỉ khen một hình thức: đã đưa vào văn bản này với {title}.</source>
        <translation>One achievement, one form of award: already in this document for {title}.</translation>
    </message>
    <message>
        <source>Số {number} đã dùng cho văn bản khác năm {year}.</source>
        <translation>Number {number} is already used by another document of {year}.</translation>
    </message>
    <message>
        <source>Danh mục {version} không có danh hiệu, hình thức mã “{code}”.</source>
        <translation>Catalogue {version} has no title or award with code “{code}”.</translation>
    </message>
    <message>
        <source>{title} không dành cho {subject}.</source>
        <translation>{title} is not for: {subject}.</translation>
    </message>
    <message>
        <source>Nguồn phải là: commune, earlier hoặc province.</source>
        <translation>The source must be: commune, earlier or province.</translation>
    </message>
    <message>
        <source>Năm {year} không hợp lệ.</source>
        <translation>The year {year} is not valid.</translation>
    </message>
    <message>
        <source>Không tìm thấy {subject} mã {id}.</source>
        <translation>Not found: {subject} with ID {id}.</translation>
    </message>
    <message>
        <source>Đã có {title} năm {year} trong lịch sử khen thưởng của đối tượng này.</source>
        <translation>{title} for {year} is already in this subject&apos;s award history.</translation>
    </message>
    <message>
        <source>Không đọc được tệp {path}: {error}.</source>
        <translation>Cannot read the file {path}: {error}.</translation>
    </message>
    <message>
        <source>Tệp {path} thiếu cột: {columns}.</source>
        <translation>The file {path} lacks the columns: {columns}.</translation>
    </message>
    <message>
        <source>Dòng {row}: cột “loai” phải là person hoặc collective.</source>
        <translation>Row {row}: the “loai” column must be person or collective.</translation>
    </message>
    <message>
        <source>Dòng {row}: không tìm thấy đối tượng “{name}” (hãy ghi số CCCD).</source>
        <translation>Row {row}: “{name}” not found (enter the citizen ID).</translation>
    </message>
    <message>
        <source>Dòng {row}: không tìm thấy đối tượng “{name}”.</source>
        <translation>Row {row}: “{name}” not found.</translation>
    </message>
    <message>
        <source>Dòng {row}: có nhiều hơn một đối tượng “{name}” (hãy ghi số CCCD).</source>
        <translation>Row {row}: more than one “{name}” (enter the citizen ID).</translation>
    </message>
    <message>
        <source>Dòng {row}: có nhiều hơn một đối tượng “{name}”.</source>
        <translation>Row {row}: more than one “{name}”.</translation>
    </message>
    <message>
        <source>Dòng {row}, cột “{column}”: {problem}.</source>
        <translation>Row {row}, column “{column}”: {problem}.</translation>
    </message>
    <message>
        <source>năm “{year}” phải là 4 chữ số.</source>
        <translation>the year “{year}” must be 4 digits.</translation>
    </message>
    <message>
        <source>Dòng {row}: {problem}</source>
        <translation>Row {row}: {problem}</translation>
    </message>
    <message>
        <source>Dòng {row}: {problem} Chưa nhập dòng nào của tệp.</source>
        <translation>Row {row}: {problem} No row of the file has been imported.</translation>
    </message>
    <message>
        <source>Cần bỏ phiếu kín</source>
        <translation>Secret ballot required</translation>
    </message>
    <message>
        <source>Đã có quyết định</source>
        <translation>Already decided</translation>
    </message>
    <message>
        <source>Nơi khác quyết định</source>
        <translation>Decided elsewhere</translation>
    </message>
    <message>
        <source>Chọn một dòng để xem từng tiêu chuẩn, lý do và căn cứ.</source>
        <translation>Select a row to see each criterion, the reason and the legal basis.</translation>
    </message>
    <message>
        <source>1. Đối tượng và tiêu chuẩn</source>
        <translation>1. Candidates and criteria</translation>
    </message>
    <message>
        <source>{authority} quyết định</source>
        <translation>Decided by {authority}</translation>
    </message>
    <message>
        <source>phần mềm gợi ý (không đăng ký)</source>
        <translation>suggested by the software (not registered)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Cần bỏ phiếu kín: từ {percent} tổng số thành viên Hội đồng đồng ý ({source}). Kết quả: {result}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Secret ballot required: at least {percent} of all council members must approve ({source}). Result: {result}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>chưa bỏ phiếu</source>
        <translation>not voted yet</translation>
    </message>
    <message>
        <source>Ưu tiên khi bằng nhau: {priority}.</source>
        <translation>Tie-break priority: {priority}.</translation>
    </message>
    <message>
        <source>Cuộc họp Hội đồng Thi đua - Khen thưởng</source>
        <translation>Emulation council meeting</translation>
    </message>
    <message>
        <source>Cuộc họp:</source>
        <translation>Meeting:</translation>
    </message>
    <message>
        <source>Ngày họp:</source>
        <translation>Meeting date:</translation>
    </message>
    <message>
        <source>ví dụ: Hội trường Ủy ban nhân dân xã</source>
        <translation>e.g. Commune People&apos;s Committee hall</translation>
    </message>
    <message>
        <source>Địa điểm:</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>Thành viên Hội đồng (tỷ lệ phiếu tính trên tất cả thành viên, kể cả người vắng):</source>
        <translation>Council members (vote shares count all members, absent ones included):</translation>
    </message>
    <message>
        <source>Ghi cuộc họp</source>
        <translation>Save meeting</translation>
    </message>
    <message>
        <source>In biên bản họp…</source>
        <translation>Print minutes…</translation>
    </message>
    <message>
        <source>In phiếu bầu…</source>
        <translation>Print ballot papers…</translation>
    </message>
    <message>
        <source>Ban hành biên bản…</source>
        <translation>Issue the minutes…</translation>
    </message>
    <message>
        <source>Lấy số biên bản trong sổ văn bản và lưu nguyên nội dung; sau đó kết quả biểu quyết, bỏ phiếu của cuộc họp không sửa được nữa</source>
        <translation>Take the minutes&apos; number from the register and keep their content; the meeting&apos;s votes can no longer change afterwards</translation>
    </message>
    <message>
        <source>Thành viên Hội đồng có mặt chủ trì cuộc họp và ký biên bản</source>
        <translation>The council member present who chairs the meeting and signs the minutes</translation>
    </message>
    <message>
        <source>Thành viên Hội đồng có mặt làm thư ký: ghi và ký biên bản</source>
        <translation>The council member present who acts as secretary: writes and signs the minutes</translation>
    </message>
    <message>
        <source>Chủ trì:</source>
        <translation>Chair:</translation>
    </message>
    <message>
        <source>Thư ký:</source>
        <translation>Secretary:</translation>
    </message>
    <message>
        <source>— chọn thành viên có mặt —</source>
        <translation>— choose a member present —</translation>
    </message>
    <message>
        <source>Kiểm phiếu kín từng trường hợp</source>
        <translation>Secret ballot count per case</translation>
    </message>
    <message>
        <source>Đồng ý:</source>
        <translation>Yes:</translation>
    </message>
    <message>
        <source>Không đồng ý:</source>
        <translation>No:</translation>
    </message>
    <message>
        <source>Không hợp lệ:</source>
        <translation>Invalid:</translation>
    </message>
    <message>
        <source>Ghi kết quả kiểm phiếu</source>
        <translation>Save ballot count</translation>
    </message>
    <message>
        <source>Biểu quyết cả danh sách…</source>
        <translation>Vote on the whole list…</translation>
    </message>
    <message>
        <source>Ghi một kết quả biểu quyết giơ tay cho mọi trường hợp đủ điều kiện của một danh hiệu (ví dụ Lao động tiên tiến)</source>
        <translation>Record one show-of-hands result for every eligible case of a title (for example Advanced Worker)</translation>
    </message>
    <message>
        <source>Chọn một trường hợp, nhập số phiếu theo biên bản kiểm phiếu.</source>
        <translation>Select a case and enter the votes from the counting record.</translation>
    </message>
    <message>
        <source>2. Họp Hội đồng và bỏ phiếu</source>
        <translation>2. Council meeting and ballot</translation>
    </message>
    <message>
        <source>Họp ngày {date} – có mặt {present}/{total}</source>
        <translation>Meeting of {date} – present {present}/{total}</translation>
    </message>
    <message>
        <source>＋ Cuộc họp mới…</source>
        <translation>＋ New meeting…</translation>
    </message>
    <message>
        <source>Biên bản cuộc họp này đã ban hành (số {number} ngày {date}): kết quả biểu quyết, bỏ phiếu không sửa được nữa. Nếu ghi sai, hãy lập biên bản đính chính ở trang “Văn bản đã ban hành”; nếu Hội đồng họp lại, hãy ghi cuộc họp mới.</source>
        <translation>The minutes of this meeting have been issued (number {number} of {date}): its votes can no longer change. If something was entered wrongly, issue corrected minutes on the “Issued documents” page; if the council meets again, record a new meeting.</translation>
    </message>
    <message>
        <source>Chưa có thành viên Hội đồng. Hãy nhập danh sách ở trang “Hội đồng thi đua” trước.</source>
        <translation>No council members yet. Enter them on the “Emulation council” page first.</translation>
    </message>
    <message>
        <source>Tổng số thành viên: {total}; có mặt: {present}; vắng: {absent} (trong đó {written} bỏ phiếu bằng văn bản).</source>
        <translation>Members: {total}; present: {present}; absent: {absent} (of whom {written} voted in writing).</translation>
    </message>
    <message>
        <source>Tổng số thành viên: {total}; có mặt: {present}; vắng: {absent}.</source>
        <translation>Members: {total}; present: {present}; absent: {absent}.</translation>
    </message>
    <message>
        <source>{name} – {title}: {threshold} (Căn cứ: {source}).</source>
        <translation>{name} – {title}: {threshold} (legal basis: {source}).</translation>
    </message>
    <message>
        <source>Chưa ghi được cuộc họp</source>
        <translation>Meeting not saved</translation>
    </message>
    <message>
        <source>Ngày họp {date} không thuộc đợt bình xét năm {year}.</source>
        <translation>The meeting date {date} is outside the {year} review.</translation>
    </message>
    <message>
        <source>Đã ghi cuộc họp ngày {date}.</source>
        <translation>Meeting of {date} saved.</translation>
    </message>
    <message>
        <source>Chưa có cuộc họp</source>
        <translation>No meeting yet</translation>
    </message>
    <message>
        <source>Hãy ghi cuộc họp Hội đồng trước khi nhập kết quả kiểm phiếu.</source>
        <translation>Save the council meeting before entering ballot counts.</translation>
    </message>
    <message>
        <source>Chưa chọn trường hợp</source>
        <translation>No case selected</translation>
    </message>
    <message>
        <source>Hãy chọn người, tập thể cần ghi kết quả kiểm phiếu.</source>
        <translation>Select the person or collective whose ballot count you are entering.</translation>
    </message>
    <message>
        <source>Chưa ghi được kết quả</source>
        <translation>Result not saved</translation>
    </message>
    <message>
        <source>Không đạt tỷ lệ phiếu</source>
        <translation>Vote threshold not reached</translation>
    </message>
    <message>
        <source>Kết quả đã được ghi vào biên bản; trường hợp này không được đưa vào quyết định, tờ trình.</source>
        <translation>The result has been recorded in the minutes; this case will not be included in the decision or proposal.</translation>
    </message>
    <message>
        <source>Hãy ghi cuộc họp Hội đồng trước khi ban hành biên bản.</source>
        <translation>Record the council meeting before issuing its minutes.</translation>
    </message>
    <message>
        <source>Ban hành biên bản</source>
        <translation>Issue the minutes</translation>
    </message>
    <message>
        <source>Ban hành biên bản cuộc họp Hội đồng ngày {date} với {count} kết quả biểu quyết, bỏ phiếu đã ghi? Biên bản được lấy số trong sổ văn bản năm {year}. Sau khi ban hành, kết quả biểu quyết, bỏ phiếu của cuộc họp này không sửa được nữa.</source>
        <translation>Issue the minutes of the council meeting of {date} with the {count} vote results recorded? The minutes take a number from the register of {year}. Once issued, the votes of this meeting can no longer change.</translation>
    </message>
    <message>
        <source>Đã ban hành biên bản số {number} ngày {date} (mã văn bản {id}).</source>
        <translation>Minutes number {number} of {date} issued (document id {id}).</translation>
    </message>
    <message>
        <source>Đã ban hành biên bản</source>
        <translation>Minutes issued</translation>
    </message>
    <message>
        <source>In lại: nút “In biên bản họp…” hoặc trang “Văn bản đã ban hành”.</source>
        <translation>To reprint: the “Print the minutes…” button or the “Issued documents” page.</translation>
    </message>
    <message>
        <source>Chưa ban hành được biên bản</source>
        <translation>The minutes could not be issued</translation>
    </message>
    <message>
        <source>Hãy ghi cuộc họp Hội đồng trước khi nhập kết quả biểu quyết.</source>
        <translation>Record the council meeting before entering vote results.</translation>
    </message>
    <message>
        <source>Không có danh hiệu biểu quyết</source>
        <translation>No title voted by show of hands</translation>
    </message>
    <message>
        <source>Năm {year} không có danh hiệu nào Hội đồng biểu quyết giơ tay.</source>
        <translation>In {year} no title is voted on by the council&apos;s show of hands.</translation>
    </message>
    <message>
        <source>{title}: đã ghi kết quả biểu quyết cho {count} trường hợp. {reason}</source>
        <translation>{title}: vote result recorded for {count} cases. {reason}</translation>
    </message>
    <message>
        <source>Lập văn bản</source>
        <translation>Create document</translation>
    </message>
    <message>
        <source>Mã đối tượng</source>
        <translation>Subject id</translation>
    </message>
    <message>
        <source>Mã danh hiệu</source>
        <translation>Title code</translation>
    </message>
    <message>
        <source>Đơn vị, chức vụ</source>
        <translation>Unit, position</translation>
    </message>
    <message>
        <source>Tiền thưởng (đồng)</source>
        <translation>Bonus (VND)</translation>
    </message>
    <message>
        <source>Không đồng ý</source>
        <translation>Against</translation>
    </message>
    <message>
        <source>Không hợp lệ</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>Đạt</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Số khen thưởng đã thu hồi</source>
        <translation>Awards withdrawn</translation>
    </message>
    <message>
        <source>Biểu quyết giơ tay</source>
        <translation>Show of hands</translation>
    </message>
    <message>
        <source>Sửa sai sót (tên, chức vụ, đơn vị) của cùng các trường hợp: văn bản mới lấy số mới, văn bản cũ vẫn còn hiệu lực.</source>
        <translation>Fix mistakes (names, positions, units) for the same cases: the new document takes a new number, the old one stays in force.</translation>
    </message>
    <message>
        <source>Lập văn bản mới theo số liệu hiện nay thay cho văn bản cũ; văn bản cũ hết hiệu lực.</source>
        <translation>Make a new document from the data as it is now in place of the old one; the old one is no longer in force.</translation>
    </message>
    <message>
        <source>Hủy bỏ quyết định (không lập danh sách mới); quyết định cũ hết hiệu lực. Chỉ dùng cho quyết định.</source>
        <translation>Cancel the decision (no new list); the old decision is no longer in force. For decisions only.</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Chi tiết văn bản {number}</source>
        <translation>Document {number} in detail</translation>
    </message>
    <message>
        <source>Mã văn bản:</source>
        <translation>Document id:</translation>
    </message>
    <message>
        <source>Số:</source>
        <translation>Number:</translation>
    </message>
    <message>
        <source>Loại:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>{kind} năm {year}</source>
        <translation>{kind} of {year}</translation>
    </message>
    <message>
        <source>Ngày ký:</source>
        <translation>Signing date:</translation>
    </message>
    <message>
        <source>Trích yếu:</source>
        <translation>Summary:</translation>
    </message>
    <message>
        <source>Người ký:</source>
        <translation>Signer:</translation>
    </message>
    <message>
        <source>(chưa ghi)</source>
        <translation>(not entered)</translation>
    </message>
    <message>
        <source>Ban hành bởi:</source>
        <translation>Issued by:</translation>
    </message>
    <message>
        <source>{who} lúc {time} (UTC)</source>
        <translation>{who} at {time} (UTC)</translation>
    </message>
    <message>
        <source>Số dòng:</source>
        <translation>Rows:</translation>
    </message>
    <message>
        <source>Tổng tiền:</source>
        <translation>Total:</translation>
    </message>
    <message>
        <source>{amount} đồng</source>
        <translation>{amount} VND</translation>
    </message>
    <message>
        <source>, lương cơ sở {amount} đồng</source>
        <translation>, base salary {amount} VND</translation>
    </message>
    <message>
        <source>Danh mục danh hiệu:</source>
        <translation>Titles catalog:</translation>
    </message>
    <message>
        <source>Mã băm SHA-256:</source>
        <translation>SHA-256 hash:</translation>
    </message>
    <message>
        <source>mã {id}</source>
        <translation>id {id}</translation>
    </message>
    <message>
        <source>Thay đổi văn bản:</source>
        <translation>Changes document:</translation>
    </message>
    <message>
        <source>{change} văn bản {number} (mã {id}). Lý do: {reason}</source>
        <translation>{change} of document {number} (id {id}). Reason: {reason}</translation>
    </message>
    <message>
        <source>{change}: văn bản {number} (mã {id})</source>
        <translation>{change}: document {number} (id {id})</translation>
    </message>
    <message>
        <source>(không số)</source>
        <translation>(no number)</translation>
    </message>
    <message>
        <source>Văn bản sau:</source>
        <translation>Later documents:</translation>
    </message>
    <message>
        <source>(chưa có)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Hiệu lực:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Các dòng của văn bản:</source>
        <translation>The document&apos;s rows:</translation>
    </message>
    <message>
        <source>Các dòng của văn bản ({shown} dòng đầu trong {total}):</source>
        <translation>The document&apos;s rows (the first {shown} of {total}):</translation>
    </message>
    <message>
        <source>Đính chính, thay thế, bãi bỏ văn bản {number}</source>
        <translation>Correct, replace or repeal document {number}</translation>
    </message>
    <message>
        <source>{kind} số {number} ngày {date}: {title}</source>
        <translation>{kind} number {number} of {date}: {title}</translation>
    </message>
    <message>
        <source>Chỉ quyết định mới bãi bỏ được; hãy lập văn bản thay thế hoặc đính chính.</source>
        <translation>Only a decision can be repealed; make a replacement or a correction.</translation>
    </message>
    <message>
        <source>Ví dụ: ghi sai tên đơn vị của ông Nguyễn Văn A</source>
        <translation>For example: wrong unit name for Mr Nguyễn Văn A</translation>
    </message>
    <message>
        <source>Lý do (bắt buộc):</source>
        <translation>Reason (required):</translation>
    </message>
    <message>
        <source>Ngày ký văn bản mới:</source>
        <translation>New document signed on:</translation>
    </message>
    <message>
        <source>Lập văn bản…</source>
        <translation>Make the document…</translation>
    </message>
    <message>
        <source>Hãy ghi lý do đính chính, thay thế hoặc bãi bỏ.</source>
        <translation>Enter the reason for the correction, replacement or repeal.</translation>
    </message>
    <message>
        <source>Chỉ đạo, tổ chức</source>
        <translation>Direction, organisation</translation>
    </message>
    <message>
        <source>Công tác chỉ đạo, tổ chức phong trào thi đua (thêm vào số liệu đăng ký thi đua)</source>
        <translation>How the movement was directed and organised (added to the registration figures)</translation>
    </message>
    <message>
        <source>Kết quả nổi bật theo các lĩnh vực thi đua</source>
        <translation>Notable results in the areas of emulation</translation>
    </message>
    <message>
        <source>Ưu điểm</source>
        <translation>Strengths</translation>
    </message>
    <message>
        <source>Đánh giá chung: ưu điểm</source>
        <translation>Overall assessment: strengths</translation>
    </message>
    <message>
        <source>Hạn chế</source>
        <translation>Weaknesses</translation>
    </message>
    <message>
        <source>Đánh giá chung: hạn chế</source>
        <translation>Overall assessment: weaknesses</translation>
    </message>
    <message>
        <source>Nguyên nhân</source>
        <translation>Causes</translation>
    </message>
    <message>
        <source>Nguyên nhân của hạn chế</source>
        <translation>Causes of the weaknesses</translation>
    </message>
    <message>
        <source>Phương hướng</source>
        <translation>Directions</translation>
    </message>
    <message>
        <source>Phương hướng, nhiệm vụ kỳ tới</source>
        <translation>Directions and tasks for the next period</translation>
    </message>
    <message>
        <source>Ban hành báo cáo phong trào thi đua</source>
        <translation>Issue the emulation movement report</translation>
    </message>
    <message>
        <source>Báo cáo được lấy số (…/BC-UBND) trong sổ văn bản của năm ký và lưu nguyên nội dung theo số liệu hôm nay: in lại luôn ra đúng bản này. In từ menu Văn bản chỉ là bản nháp, chưa có số.</source>
        <translation>The report takes a number (…/BC-UBND) from the register of the year it is signed and keeps its content as the data stand today: a reprint is always this report. Printed from the Documents menu it is only a draft, without a number.</translation>
    </message>
    <message>
        <source>Năm báo cáo:</source>
        <translation>Report year:</translation>
    </message>
    <message>
        <source>Sơ kết 6 tháng đầu năm</source>
        <translation>First six months (interim)</translation>
    </message>
    <message>
        <source>Kỳ báo cáo:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>để trống: báo cáo in dòng chấm để viết tay</source>
        <translation>leave empty: the report prints dotted lines to write on</translation>
    </message>
    <message>
        <source>Phần cán bộ viết (mỗi đoạn một dòng):</source>
        <translation>Parts written by the officer (one paragraph per line):</translation>
    </message>
    <message>
        <source>Ban hành…</source>
        <translation>Issue…</translation>
    </message>
    <message>
        <source>Chức vụ người ký:</source>
        <translation>Signer&apos;s position:</translation>
    </message>
    <message>
        <source>Thẩm quyền ký:</source>
        <translation>Signing authority:</translation>
    </message>
    <message>
        <source>Số văn bản:</source>
        <translation>Document no.:</translation>
    </message>
    <message>
        <source>Đưa cả các trường hợp “Hội đồng cần xem xét” (Hội đồng đã xác nhận)</source>
        <translation>Also include cases “For the council to consider” (confirmed by the council)</translation>
    </message>
    <message>
        <source>Lập quyết định…</source>
        <translation>Create decision…</translation>
    </message>
    <message>
        <source>Quyết định của Chủ tịch UBND xã cho các danh hiệu do xã quyết định, kèm danh sách và tiền thưởng</source>
        <translation>Decision of the Commune People&apos;s Committee Chairman for the titles the commune awards, with the list and bonuses</translation>
    </message>
    <message>
        <source>Lập tờ trình…</source>
        <translation>Create proposal…</translation>
    </message>
    <message>
        <source>Tờ trình đề nghị Chủ tịch UBND tỉnh khen thưởng các trường hợp do cấp trên quyết định</source>
        <translation>Proposal asking the Provincial People&apos;s Committee Chairman to award the cases decided at a higher level</translation>
    </message>
    <message>
        <source>Xem bản nháp quyết định…</source>
        <translation>Draft decision…</translation>
    </message>
    <message>
        <source>Quyết định như khi lập, nhưng chưa lấy số và không lưu gì</source>
        <translation>The decision as it would be made, without a number, nothing stored</translation>
    </message>
    <message>
        <source>Xem bản nháp tờ trình…</source>
        <translation>Draft proposal…</translation>
    </message>
    <message>
        <source>Tờ trình như khi lập, nhưng chưa lấy số và không lưu gì</source>
        <translation>The proposal as it would be made, without a number, nothing stored</translation>
    </message>
    <message>
        <source>Sau khi lập văn bản, các trường hợp không được đưa vào và lý do hiện ở đây.</source>
        <translation>After a document is created, the cases left out and the reasons appear here.</translation>
    </message>
    <message>
        <source>Quyết định, tờ trình đã lập trong năm:</source>
        <translation>Decisions and proposals made this year:</translation>
    </message>
    <message>
        <source>Chọn một tờ trình để xem kết quả khen thưởng của tỉnh từng trường hợp (sau khi nhận tệp kết quả từ Sở Nội vụ).</source>
        <translation>Select a proposal to see the province&apos;s result for each case (once the results file from the Department is received).</translation>
    </message>
    <message>
        <source>In lại văn bản đã chọn…</source>
        <translation>Reprint selected document…</translation>
    </message>
    <message>
        <source>3. Quyết định và tờ trình</source>
        <translation>3. Decision and proposal</translation>
    </message>
    <message>
        <source>Số tiếp theo trong sổ văn bản năm {year}: quyết định {decision}/QĐ-UBND, tờ trình {proposal}/TTr-UBND.</source>
        <translation>Next numbers in the {year} document register: decision {decision}/QĐ-UBND, proposal {proposal}/TTr-UBND.</translation>
    </message>
    <message>
        <source>{count} trường hợp khác thuộc thẩm quyền cấp trên, được đưa vào tờ trình đề nghị, không vào quyết định này.</source>
        <translation>{count} other cases are for a higher level to decide: they go into the proposal, not into this decision.</translation>
    </message>
    <message>
        <source>{count} trường hợp khác do Chủ tịch UBND xã quyết định, được đưa vào quyết định khen thưởng của xã, không vào tờ trình này.</source>
        <translation>{count} other cases are decided by the commune chairman: they go into the commune&apos;s award decision, not into this proposal.</translation>
    </message>
    <message>
        <source>Đã lập quyết định số {number}.</source>
        <translation>Decision No. {number} created.</translation>
    </message>
    <message>
        <source>Đã lập tờ trình số {number}.</source>
        <translation>Proposal No. {number} created.</translation>
    </message>
    <message>
        <source>Không tìm thấy bản đã ban hành của văn bản này.</source>
        <translation>The issued copy of this document was not found.</translation>
    </message>
    <message>
        <source>Chưa lập được quyết định khen thưởng</source>
        <translation>Award decision not created</translation>
    </message>
    <message>
        <source>Chưa lập được tờ trình đề nghị cấp trên</source>
        <translation>Proposal to the higher level not created</translation>
    </message>
    <message>
        <source>Lập quyết định khen thưởng năm {year}, ký ngày {date}? Văn bản sẽ được lấy số trong sổ văn bản.</source>
        <translation>Make the award decision for {year}, signed on {date}? The document will take the next number in the document register.</translation>
    </message>
    <message>
        <source>Lập tờ trình đề nghị cấp trên năm {year}, ký ngày {date}? Văn bản sẽ được lấy số trong sổ văn bản.</source>
        <translation>Make the proposal to the higher level for {year}, signed on {date}? The document will take the next number in the document register.</translation>
    </message>
    <message>
        <source>Văn bản gồm {count} trường hợp.</source>
        <translation>The document will list {count} cases.</translation>
    </message>
    <message>
        <source>Trong đó {count} trường hợp “Hội đồng cần xem xét” (Hội đồng đã xác nhận).</source>
        <translation>Of these, {count} are “For the council to consider” cases (confirmed by the council).</translation>
    </message>
    <message>
        <source>Không đưa vào {count} trường hợp (chưa đủ điều kiện, chưa đạt hoặc chưa bỏ phiếu kín, đã có quyết định); danh sách và lý do hiện sau khi lập.</source>
        <translation>{count} cases are left out (not eligible, secret ballot not passed or not held, or already decided); the list and the reasons are shown once the document is made.</translation>
    </message>
    <message>
        <source>Kết quả của tỉnh – tờ trình số {number}:</source>
        <translation>Province&apos;s results – proposal no. {number}:</translation>
    </message>
    <message>
        <source>Chưa có kết quả của tỉnh</source>
        <translation>No result from the province yet</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;Quyết định số {number}&lt;/b&gt;: %n trường hợp, tổng tiền thưởng {amount} đồng.&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;Decision No. {number}&lt;/b&gt;: %n case, total bonus {amount} VND.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;Decision No. {number}&lt;/b&gt;: %n cases, total bonus {amount} VND.&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;Tờ trình số {number}&lt;/b&gt;: %n trường hợp.&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;Proposal No. {number}&lt;/b&gt;: %n case.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;Proposal No. {number}&lt;/b&gt;: %n cases.&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>Lưu ý: {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>Không đưa vào ({count} trường hợp):</source>
        <translation>Left out ({count}):</translation>
    </message>
    <message>
        <source>sơ kết 6 tháng đầu năm</source>
        <translation>six-month interim</translation>
    </message>
    <message>
        <source>tổng kết năm</source>
        <translation>annual</translation>
    </message>
    <message>
        <source>Không đọc được sổ văn bản</source>
        <translation>The register could not be read</translation>
    </message>
    <message>
        <source>Chưa chọn văn bản</source>
        <translation>No document selected</translation>
    </message>
    <message>
        <source>Hãy chọn một văn bản trong bảng.</source>
        <translation>Choose a document in the table.</translation>
    </message>
    <message>
        <source>Không xem được văn bản</source>
        <translation>The document could not be shown</translation>
    </message>
    <message>
        <source>Văn bản đã hết hiệu lực</source>
        <translation>The document is no longer in force</translation>
    </message>
    <message>
        <source>Văn bản {number} đã hết hiệu lực; hãy thay đổi văn bản đang có hiệu lực.</source>
        <translation>Document {number} is no longer in force; change the document in force instead.</translation>
    </message>
    <message>
        <source>Lập văn bản {change} {kind} số {number} ngày {date}, ký ngày {on}?</source>
        <translation>Make a document of {change} of {kind} number {number} of {date}, signed on {on}?</translation>
    </message>
    <message>
        <source>Văn bản cũ vẫn còn hiệu lực và được giữ nguyên trong sổ; văn bản đính chính lấy số mới.</source>
        <translation>The old document stays in force and unchanged in the register; the correction takes a new number.</translation>
    </message>
    <message>
        <source>Văn bản cũ hết hiệu lực nhưng vẫn được giữ nguyên trong sổ.</source>
        <translation>The old document is no longer in force but stays unchanged in the register.</translation>
    </message>
    <message>
        <source>Các khen thưởng ghi theo quyết định này bị thu hồi khỏi lịch sử khen thưởng.</source>
        <translation>The awards recorded under this decision are withdrawn from the award history.</translation>
    </message>
    <message>
        <source>Các khen thưởng ghi theo quyết định cũ được thu hồi; quyết định mới ghi lại khen thưởng của mình.</source>
        <translation>The awards recorded under the old decision are withdrawn; the new decision records its own.</translation>
    </message>
    <message>
        <source>Biên bản mới ghi lại đúng các kết quả biểu quyết, bỏ phiếu đã chốt, kèm lý do.</source>
        <translation>The new minutes record the same frozen vote results, with the reason.</translation>
    </message>
    <message>
        <source>Thay đổi văn bản đã ban hành</source>
        <translation>Change an issued document</translation>
    </message>
    <message>
        <source>Đã ban hành {kind} số {number} (mã {id}).</source>
        <translation>Issued {kind} number {number} (id {id}).</translation>
    </message>
    <message>
        <source>Ban hành báo cáo {period} {year}, ký ngày {date}? Báo cáo được lấy số trong sổ văn bản năm {sign_year} và lưu nguyên nội dung theo số liệu hôm nay.</source>
        <translation>Issue the {period} report {year}, signed on {date}? The report takes a number from the register of {sign_year} and keeps its content as the data stand today.</translation>
    </message>
    <message>
        <source>Đã có báo cáo này: số {number} ngày {date}. Nếu báo cáo đó sai, hãy chọn nó rồi “Đính chính, thay thế, bãi bỏ…” thay vì ban hành báo cáo mới.</source>
        <translation>This report exists already: number {number} of {date}. If it is wrong, select it and use “Correct, replace, repeal…” instead of issuing a new report.</translation>
    </message>
    <message>
        <source>Ban hành báo cáo</source>
        <translation>Issue the report</translation>
    </message>
    <message>
        <source>Đã ban hành báo cáo số {number} (mã {id}).</source>
        <translation>Report number {number} issued (id {id}).</translation>
    </message>
    <message>
        <source>Hãy chọn quyết định hoặc tờ trình cần in lại.</source>
        <translation>Select the decision or proposal to reprint.</translation>
    </message>
    <message>
        <source>Hãy ghi cuộc họp Hội đồng trước khi in biên bản.</source>
        <translation>Save the council meeting before printing the minutes.</translation>
    </message>
    <message>
        <source>Tìm cá nhân, tập thể (gõ không dấu cũng được)…</source>
        <translation>Search individuals, collectives (accents optional)…</translation>
    </message>
    <message>
        <source>Nhập lịch sử các năm trước từ tệp CSV…</source>
        <translation>Import earlier years&apos; history from a CSV file…</translation>
    </message>
    <message>
        <source>Tệp CSV (UTF-8) có các cột: loai, ma_dinh_danh, ho_ten, nam, ma_danh_hieu, so_quyet_dinh, ngay_quyet_dinh</source>
        <translation>CSV file (UTF-8) with the columns: loai, ma_dinh_danh, ho_ten, nam, ma_danh_hieu, so_quyet_dinh, ngay_quyet_dinh</translation>
    </message>
    <message>
        <source>Chọn một cá nhân, tập thể để xem các danh hiệu, hình thức khen thưởng qua các năm.</source>
        <translation>Select an individual or collective to see their titles and awards over the years.</translation>
    </message>
    <message>
        <source>Thêm khen thưởng năm trước cho đối tượng đang chọn</source>
        <translation>Add an earlier year&apos;s award for the selected subject</translation>
    </message>
    <message>
        <source>Số quyết định, ví dụ 12/QĐ-UBND</source>
        <translation>Decision no., e.g. 12/QĐ-UBND</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Số QĐ:</source>
        <translation>Decision no.:</translation>
    </message>
    <message>
        <source>4. Lịch sử khen thưởng</source>
        <translation>4. Award history</translation>
    </message>
    <message>
        <source>Không xem được lịch sử</source>
        <translation>Cannot show the history</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; ({subject}): %n lần được khen thưởng.</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({subject}): awarded %n time.</numerusform>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({subject}): awarded %n times.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; ({subject}): %n lần được khen thưởng, năm {first}.</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({subject}): awarded %n time, in {first}.</numerusform>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({subject}): awarded %n times, in {first}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; ({subject}): %n lần được khen thưởng, từ năm {first} đến năm {last}.</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({subject}): awarded %n time, from {first} to {last}.</numerusform>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({subject}): awarded %n times, from {first} to {last}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa chọn đối tượng</source>
        <translation>No subject selected</translation>
    </message>
    <message>
        <source>Hãy chọn cá nhân, tập thể cần thêm lịch sử khen thưởng.</source>
        <translation>Select the individual or collective to add award history for.</translation>
    </message>
    <message>
        <source>Chưa thêm được</source>
        <translation>Not added</translation>
    </message>
    <message>
        <source>Không nhập được lịch sử khen thưởng</source>
        <translation>Cannot import the award history</translation>
    </message>
    <message numerus="yes">
        <source>Đã nhập %n dòng lịch sử khen thưởng từ {file}.</source>
        <translation>
            <numerusform>Imported %n award history row from {file}.</numerusform>
            <numerusform>Imported %n award history rows from {file}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang xét các trường hợp năm {year}…</source>
        <translation>Checking the {year} cases…</translation>
    </message>
    <message>
        <source>Không xét được</source>
        <translation>Review check failed</translation>
    </message>
    <message>
        <source>chưa có mức lương cơ sở cho ngày xét</source>
        <translation>no base salary rate for the review date</translation>
    </message>
    <message>
        <source>lương cơ sở {amount} đồng (từ {date})</source>
        <translation>base salary {amount} VND (from {date})</translation>
    </message>
    <message>
        <source>Năm {year}: {total} trường hợp – đủ điều kiện {ok}, Hội đồng cần xem xét {warning}, chưa đủ điều kiện {blocked}, đã có quyết định {done}, nơi khác quyết định {elsewhere}. Danh mục danh hiệu phiên bản {version}; {salary}. Mỗi lý do ghi rõ căn cứ; di chuột hoặc chọn một dòng để xem.</source>
        <translation>{year}: {total} cases – eligible {ok}, for the council to consider {warning}, not eligible {blocked}, already decided {done}, decided elsewhere {elsewhere}. Titles catalog version {version}; {salary}. Each reason cites its basis; hover or select a row to see it.</translation>
    </message>
    <message>
        <source>Bình xét</source>
        <translation>Year-end review</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Liên hệ với Sở Nội vụ</source>
        <translation>Contact for the Department of Home Affairs</translation>
    </message>
    <message>
        <source>Ví dụ: 0912 345 678</source>
        <translation>For example: 0912 345 678</translation>
    </message>
    <message>
        <source>Điện thoại của cán bộ {name}</source>
        <translation>Phone of officer {name}</translation>
    </message>
    <message>
        <source>Gửi kèm tệp đăng ký khóa và mỗi tệp dữ liệu, để Sở gọi khi tệp thiếu hoặc bị từ chối.</source>
        <translation>Sent with the enrolment request and each data file, so the Department can call when a file is missing or refused.</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới có hiệu lực từ lần mở phần mềm tiếp theo. Văn bản in (quyết định, danh sách, biên bản) và tệp dữ liệu luôn bằng tiếng Việt theo quy định.</source>
        <translation>The new language takes effect the next time the software is opened. Printed documents (decisions, lists, minutes) and data files are always in Vietnamese, as the regulations require.</translation>
    </message>
    <message>
        <source>Chưa lưu được</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>Đã lưu cài đặt</source>
        <translation>Settings saved</translation>
    </message>
    <message>
        <source>Hãy đóng và mở lại phần mềm để dùng ngôn ngữ {language}.</source>
        <translation>Close and reopen the software to use {language}.</translation>
    </message>
    <message>
        <source>Gõ tên để tìm, rồi chọn</source>
        <translation>Type a name to search, then choose</translation>
    </message>
    <message>
        <source>Gõ vài chữ của tên (có dấu hoặc không dấu) rồi chọn trong danh sách gợi ý</source>
        <translation>Type a few letters of the name (with or without accents), then choose from the suggestions</translation>
    </message>
    <message>
        <source>— Chọn —</source>
        <translation>— Choose —</translation>
    </message>
    <message>
        <source>ngày/tháng/năm, ví dụ 05/12/1980</source>
        <translation>day/month/year, e.g. 05/12/1980</translation>
    </message>
    <message>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>Số CCCD “{number}” không hợp lệ: phải gồm đúng 12 chữ số (hiện có {length} ký tự). Hãy kiểm tra lại trên thẻ căn cước.</source>
        <translation>Citizen ID “{number}” is not valid: it must have exactly 12 digits ({length} characters entered). Check it against the ID card.</translation>
    </message>
    <message>
        <source>Chữ số thứ 4 của CCCD ({digit}) ứng với giới tính nam, nhưng hồ sơ ghi nữ. Kiểm tra lại giới tính hoặc số CCCD; nếu đúng như thẻ thì có thể lưu.</source>
        <translation>The 4th digit of the citizen ID ({digit}) means male, but the record says female. Check the sex or the ID number; if both match the card, you can save.</translation>
    </message>
    <message>
        <source>Chữ số thứ 4 của CCCD ({digit}) ứng với giới tính nữ, nhưng hồ sơ ghi nam. Kiểm tra lại giới tính hoặc số CCCD; nếu đúng như thẻ thì có thể lưu.</source>
        <translation>The 4th digit of the citizen ID ({digit}) means female, but the record says male. Check the sex or the ID number; if both match the card, you can save.</translation>
    </message>
    <message>
        <source>CCCD mã hóa năm sinh {coded_year} (chữ số 4–6: {digits}), nhưng ngày sinh ghi năm {recorded_year}. Kiểm tra lại ngày sinh hoặc số CCCD.</source>
        <translation>The citizen ID encodes birth year {coded_year} (digits 4–6: {digits}), but the date of birth is in {recorded_year}. Check the date of birth or the ID number.</translation>
    </message>
    <message>
        <source>Chưa khởi tạo dữ liệu xã, phường. Hãy chạy: python -m desktop init --commune MÃ --officer &quot;HỌ TÊN&quot;</source>
        <translation>The commune or ward data has not been set up yet. Run: python -m desktop init --commune CODE --officer &quot;FULL NAME&quot;</translation>
    </message>
    <message>
        <source>Đây không phải dữ liệu của Sở Nội vụ. Hãy khởi tạo bằng lệnh: province init --key-out TỆP</source>
        <translation>This is not the Department of Home Affairs&apos; data. Set it up with the command: province init --key-out FILE</translation>
    </message>
    <message>
        <source>Chưa nhập họ tên cán bộ phụ trách thi đua.</source>
        <translation>Enter the name of the officer in charge of emulation.</translation>
    </message>
    <message>
        <source>Họ tên cán bộ dài quá 100 ký tự.</source>
        <translation>The officer&apos;s name is longer than 100 characters.</translation>
    </message>
    <message>
        <source>Họ tên cán bộ</source>
        <translation>Officer&apos;s name</translation>
    </message>
    <message>
        <source>Thành viên thứ {number}: {problem}</source>
        <translation>Member {number}: {problem}</translation>
    </message>
    <message>
        <source>Dữ liệu này đã được khởi tạo cho {unit}; không cần khởi tạo lại.</source>
        <translation>This data has already been set up for {unit}; there is no need to set it up again.</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu này thuộc {unit} (mã {code}), không thể khởi tạo cho {other_unit}. Hãy dùng thư mục dữ liệu khác.</source>
        <translation>This data folder belongs to {unit} (code {code}) and cannot be set up for {other_unit}. Use another data folder.</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path}: tệp đang mở trong Excel hoặc thư mục không cho phép ghi. Hãy đóng tệp hoặc chọn nơi lưu khác.</source>
        <translation>Cannot write the file {path}: it is open in Excel or the folder does not allow writing. Close the file or choose another place.</translation>
    </message>
    <message>
        <source>Thư mục {folder} không tồn tại. Hãy tạo thư mục đó hoặc chọn nơi lưu khác.</source>
        <translation>The folder {folder} does not exist. Create it or choose another place to save.</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path}: ổ đĩa đã đầy. Hãy giải phóng chỗ trống hoặc chọn ổ đĩa khác.</source>
        <translation>Could not write {path}: the disk is full. Free some space or choose another drive.</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path} (lỗi hệ điều hành {code}). Hãy chọn nơi lưu khác, ví dụ thư mục Tài liệu.</source>
        <translation>Could not write {path} (operating system error {code}). Choose another place, for example the Documents folder.</translation>
    </message>
    <message>
        <source>Không có bảng “{table}”. Các bảng: {tables}.</source>
        <translation>There is no table “{table}”. Tables: {tables}.</translation>
    </message>
    <message>
        <source>Ngày tuyển dụng</source>
        <translation>Hiring date</translation>
    </message>
    <message>
        <source>Trình độ chuyên môn</source>
        <translation>Qualification</translation>
    </message>
    <message>
        <source>Quê quán</source>
        <translation>Home town</translation>
    </message>
    <message>
        <source>Nơi ở hiện nay</source>
        <translation>Current residence</translation>
    </message>
    <message>
        <source>Ngày giải thể, sáp nhập</source>
        <translation>Dissolved or merged on</translation>
    </message>
    <message>
        <source>Sáp nhập vào</source>
        <translation>Merged into</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp {path}.</source>
        <translation>File not found: {path}.</translation>
    </message>
    <message>
        <source>Tệp {file} không phải là tệp Excel .xlsx (có thể là tệp .xls cũ, .csv hoặc tệp bị hỏng). Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (*.xlsx)”.</source>
        <translation>{file} is not an Excel .xlsx file (it may be an old .xls file, a .csv file or a damaged file). Open it in Excel and save it as “Excel Workbook (*.xlsx)”.</translation>
    </message>
    <message>
        <source>Tệp {file} không đọc được như một tệp Excel .xlsx. Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (*.xlsx)”.</source>
        <translation>{file} cannot be read as an Excel .xlsx file. Open it in Excel and save it as “Excel Workbook (*.xlsx)”.</translation>
    </message>
    <message>
        <source>Tệp {file} không có trang tính nào.</source>
        <translation>{file} has no worksheet.</translation>
    </message>
    <message>
        <source>Không có dòng nào để nhập: mọi dòng đều đã có trong dữ liệu và không có gì thay đổi.</source>
        <translation>No rows to import: every row is already in the data and nothing changes.</translation>
    </message>
    <message>
        <source>Tệp có hơn {limit} dòng dữ liệu; phần mềm chỉ nhập tối đa {limit} dòng một lần. Hãy chia tệp thành nhiều tệp nhỏ hơn.</source>
        <translation>The file has more than {limit} data rows; at most {limit} rows can be imported at a time. Split it into smaller files.</translation>
    </message>
    <message>
        <source>Trang tính “{sheet}” trống: không có dòng tiêu đề và không có dữ liệu.</source>
        <translation>Worksheet “{sheet}” is empty: no title row and no data.</translation>
    </message>
    <message>
        <source>Không tìm thấy dòng tiêu đề cột (dòng {row} có vẻ là dữ liệu). Dòng đầu tiên của bảng phải là tên các cột, ví dụ {example}.</source>
        <translation>No column title row found (row {row} looks like data). The first row of the table must hold the column names, for example {example}.</translation>
    </message>
    <message>
        <source>Không tìm thấy dòng tiêu đề cột (dòng {row} không có tên cột nào quen thuộc). Dòng đầu tiên của bảng phải là tên các cột, ví dụ {example}.</source>
        <translation>No column title row found (row {row} has no known column name). The first row of the table must hold the column names, for example {example}.</translation>
    </message>
    <message>
        <source>Tệp {file} chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.</source>
        <translation>{file} has only the title row and no data rows.</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Dòng {row} – {field}: {kind}: {message}</source>
        <translation>Row {row} – {field}: {kind}: {message}</translation>
    </message>
    <message>
        <source>Dòng {row}: {kind}: {message}</source>
        <translation>Row {row}: {kind}: {message}</translation>
    </message>
    <message>
        <source>Chưa chọn cột cho: {columns}. Hãy ghép cột trong bước ghép cột.</source>
        <translation>No column chosen for: {columns}. Match the columns in the column matching step.</translation>
    </message>
    <message>
        <source>Dòng này và dòng {row} cùng là một bản ghi đã có trong dữ liệu.</source>
        <translation>This row and row {row} are the same stored record.</translation>
    </message>
    <message>
        <source>Ô {cell} (cột “{column}”) {problem}. Hãy sửa ô này trong tệp Excel rồi nhập lại.</source>
        <translation>Cell {cell} (column “{column}”) {problem}. Correct this cell in the Excel file, then import again.</translation>
    </message>
    <message>
        <source>Số CCCD trùng với dòng {row} trong cùng tệp.</source>
        <translation>Same citizen ID as row {row} of this file.</translation>
    </message>
    <message>
        <source>Tệp {file}: {rows} dòng dữ liệu; {valid} dòng thêm mới, {updated} dòng cập nhật, {same} dòng đã có ({what}), {bad} dòng lỗi, {warnings} cảnh báo.</source>
        <translation>File {file}: {rows} data rows; {valid} new, {updated} updates, {same} already stored ({what}), {bad} rows with errors, {warnings} warnings.</translation>
    </message>
    <message>
        <source>không thay đổi</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source>bỏ qua</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>Dòng {row} – cập nhật {record}: {changes}</source>
        <translation>Row {row} – update {record}: {changes}</translation>
    </message>
    <message>
        <source>Dòng trùng với dòng {row} trong cùng tệp.</source>
        <translation>Same as row {row} of this file.</translation>
    </message>
    <message>
        <source>Số CCCD {number} đã có trong hồ sơ một người trong dữ liệu (trùng người).</source>
        <translation>Citizen ID {number} is already on a person&apos;s record in the data (duplicate person).</translation>
    </message>
    <message>
        <source>Đơn vị “{unit}” chưa có trong danh sách tập thể; hãy thêm tập thể trước hoặc sửa tên cho khớp.</source>
        <translation>The unit “{unit}” is not in the list of collectives; add the collective first or correct the name to match.</translation>
    </message>
    <message>
        <source>“{village}” không phải thôn, tổ dân phố có trong dữ liệu.</source>
        <translation>“{village}” is not a village or residential group in the data.</translation>
    </message>
    <message>
        <source>Chỉ ghi “Sáp nhập vào” khi tình trạng là “Đã sáp nhập”.</source>
        <translation>Fill in “Merged into” only when the status is “Merged”.</translation>
    </message>
    <message>
        <source>“{name}” chưa có trong danh sách tập thể, cũng không có ở dòng nào của tệp. Hãy thêm tập thể đó trước, sửa tên cho khớp, hoặc để trống ô này.</source>
        <translation>“{name}” is neither in the list of collectives nor on any row of the file. Add that collective first, correct the name, or leave this cell empty.</translation>
    </message>
    <message>
        <source>Một tập thể không sáp nhập vào chính nó. Hãy chọn tập thể tiếp nhận.</source>
        <translation>A collective cannot merge into itself. Please choose the receiving collective.</translation>
    </message>
    <message>
        <source>“{name}” (dòng {row}) cũng đã giải thể hoặc sáp nhập: chỉ sáp nhập vào một tập thể đang hoạt động.</source>
        <translation>“{name}” (row {row}) was dissolved or merged too: a collective can only merge into an active one.</translation>
    </message>
    <message>
        <source>Còn {count} dòng lỗi; chưa nhập gì. Hãy sửa tệp rồi thử lại.</source>
        <translation>Rows with errors: {count}; nothing has been imported. Correct the file and try again.</translation>
    </message>
    <message>
        <source>Hãy chọn “Khôi phục từ bản sao lưu”, hoặc gọi cán bộ kỹ thuật; tệp hiện tại được giữ nguyên.</source>
        <translation>Choose “Restore from backup”, or call technical support; the current file is kept as it is.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} đang bị một chương trình khác khóa (có thể phần mềm đang mở ở cửa sổ khác, hoặc phần mềm sao lưu đang đọc tệp). Hãy đóng chương trình đó rồi thử lại.</source>
        <translation>The data file {path} is locked by another program (the software may be open in another window, or backup software may be reading the file). Close that program and try again.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} không thuộc thư mục dữ liệu này: tệp dữ liệu là của {db_side}, còn thư mục khóa {folder} chứa {key_side}. Phần mềm không mở tệp (và không thay đổi gì) để không ghi nhầm vào dữ liệu của đơn vị khác, cũng không ký tệp gửi Sở bằng khóa của đơn vị khác. Hãy chép tệp dữ liệu về đúng thư mục dữ liệu của {db_unit}, hoặc khôi phục bản sao lưu đúng của thư mục này (“Khôi phục từ bản sao lưu”).</source>
        <translation>The data file {path} does not belong to this data folder: the data file is that of {db_side}, while the key folder {folder} holds {key_side}. The program does not open the file (and changes nothing), so as not to write into another unit&apos;s data by mistake, nor sign files for the Department with another unit&apos;s key. Copy the data file back into the data folder of {db_unit}, or restore the right backup of this folder (“Restore from a backup”).</translation>
    </message>
    <message>
        <source>Không ghi được vào thư mục dữ liệu {folder}. Hãy chọn thư mục khác (tham số --data-dir) hoặc nhờ cấp quyền ghi cho thư mục này.</source>
        <translation>Cannot write to the data folder {folder}. Choose another folder (the --data-dir option) or ask for write permission on this folder.</translation>
    </message>
    <message>
        <source>Đường dẫn {path} là một thư mục, không phải tệp dữ liệu. {hint}</source>
        <translation>{path} is a folder, not a data file. {hint}</translation>
    </message>
    <message>
        <source>Không có quyền đọc tệp dữ liệu {path}. Hãy đăng nhập đúng tài khoản Windows đã dùng phần mềm, hoặc nhờ cấp quyền cho tệp.</source>
        <translation>No permission to read the data file {path}. Sign in with the Windows account that has been using the software, or ask for permission on the file.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} rỗng (0 byte), có thể do mất điện khi đang ghi. {hint}</source>
        <translation>The data file {path} is empty (0 bytes), possibly after a power cut while saving. {hint}</translation>
    </message>
    <message>
        <source>Tệp {path} không phải tệp dữ liệu của phần mềm thi đua (có thể đã bị hỏng hoặc bị thay bằng tệp khác). {hint}</source>
        <translation>{path} is not a data file of the emulation software (it may be damaged or replaced by another file). {hint}</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} (hoặc thư mục chứa nó) đang ở chế độ chỉ đọc nên không thể lưu. Hãy bỏ thuộc tính “Chỉ đọc” (Read-only) của tệp trong Windows, hoặc chép dữ liệu sang ổ đĩa ghi được, rồi mở lại phần mềm.</source>
        <translation>The data file {path} (or its folder) is read-only, so nothing can be saved. Clear the file&apos;s “Read-only” attribute in Windows, or copy the data to a writable drive, then open the software again.</translation>
    </message>
    <message>
        <source>Không mở được tệp dữ liệu {path}: {error}. {hint}</source>
        <translation>Cannot open the data file {path}: {error}. {hint}</translation>
    </message>
    <message>
        <source>Tệp {path} là cơ sở dữ liệu của một phần mềm khác, không phải của phần mềm thi đua. {hint}</source>
        <translation>{path} is a database of another program, not of the emulation software. {hint}</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} bị hỏng (kiểm tra toàn vẹn: {result}). {hint}</source>
        <translation>The data file {path} is damaged (integrity check: {result}). {hint}</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} thiếu thông tin phiên bản lược đồ (có thể bị sửa bằng công cụ khác). {hint}</source>
        <translation>The data file {path} has no schema version (it may have been edited with another tool). {hint}</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} đã được một phiên bản phần mềm mới hơn ghi (lược đồ {revision}). Phiên bản này không mở để tránh làm hỏng dữ liệu. Hãy cài phiên bản mới nhất của phần mềm.</source>
        <translation>The data file {path} was written by a newer version of the software (schema {revision}). This version does not open it, so as not to damage the data. Install the latest version of the software.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} không đọc được: {error}. {hint}</source>
        <translation>The data file {path} cannot be read: {error}. {hint}</translation>
    </message>
    <message>
        <source>Tệp dữ liệu {path} bị hỏng: {error}. {hint}</source>
        <translation>The data file {path} is damaged: {error}. {hint}</translation>
    </message>
    <message>
        <source>Khóa ký trong thư mục {folder} là của đơn vị mã {unit}, không phải của {name} (mã {code}). Hãy dùng thư mục dữ liệu riêng cho mỗi đơn vị.</source>
        <translation>The signing key in {folder} belongs to unit code {unit}, not to {name} (code {code}). Use a separate data folder for each unit.</translation>
    </message>
    <message>
        <source>{unit} (mã {code})</source>
        <translation>{unit} (code {code})</translation>
    </message>
    <message>
        <source>mã {code}</source>
        <translation>code {code}</translation>
    </message>
    <message>
        <source>{unit}, khóa ký {key_id}</source>
        <translation>{unit}, signing key {key_id}</translation>
    </message>
    <message>
        <source>khóa ký {key_id}</source>
        <translation>signing key {key_id}</translation>
    </message>
    <message>
        <source>khóa ký {key_id} của {unit}</source>
        <translation>signing key {key_id} of {unit}</translation>
    </message>
    <message>
        <source>Địa chỉ cơ sở dữ liệu không hợp lệ ({address}): {error}. Dạng đúng: postgresql://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl</source>
        <translation>Invalid database address ({address}): {error}. The correct form: postgresql://user:password@server:5432/database_name</translation>
    </message>
    <message>
        <source>Không kết nối được cơ sở dữ liệu {address}. Kiểm tra máy chủ đang chạy, tên người dùng, mật khẩu và tên cơ sở dữ liệu.</source>
        <translation>Cannot connect to the database {address}. Check that the server is running, and the user name, password and database name.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu {address} đã được một phiên bản phần mềm mới hơn ghi (lược đồ {revision}). Hãy cài phiên bản mới nhất của phần mềm.</source>
        <translation>The database {address} was written by a newer version of the software (schema {revision}). Install the latest version of the software.</translation>
    </message>
    <message>
        <source>có ký tự điều khiển {code} ở vị trí {position}</source>
        <translation>has a control character {code} at position {position}</translation>
    </message>
    <message>
        <source>có dấu xuống dòng ở vị trí {position} (trường này chỉ được một dòng)</source>
        <translation>has a line break at position {position} (this field takes one line only)</translation>
    </message>
    <message>
        <source>có ký tự định hướng chữ (bidi) {code} ở vị trí {position}</source>
        <translation>has a text direction (bidi) character {code} at position {position}</translation>
    </message>
    <message>
        <source>có ký tự vô hình (zero-width) {code} ở vị trí {position}</source>
        <translation>has an invisible (zero-width) character {code} at position {position}</translation>
    </message>
    <message>
        <source>có ký tự hỏng (nửa cặp UTF-16) {code} ở vị trí {position}</source>
        <translation>has a broken character (half of a UTF-16 pair) {code} at position {position}</translation>
    </message>
    <message>
        <source>chưa ở dạng chuẩn Unicode NFC (chữ có dấu bị tách thành chữ và dấu rời)</source>
        <translation>is not in Unicode NFC form (accented letters split into a letter and a separate mark)</translation>
    </message>
    <message>
        <source>“{value}” không phải là số.</source>
        <translation>“{value}” is not a number.</translation>
    </message>
    <message>
        <source>“{value}” không phải số viết theo kiểu Việt Nam: dấu phẩy (,) ghi phần thập phân, ví dụ 12,5; dấu chấm (.) chỉ để tách hàng nghìn, ví dụ 1.234.</source>
        <translation>“{value}” is not a number written the Vietnamese way: a comma (,) marks the decimals, e.g. 12,5; a dot (.) only separates thousands, e.g. 1.234.</translation>
    </message>
    <message>
        <source>“{value}”: chỉ ghi số ở đây; đơn vị tính (%, hộ, tỷ đồng…) ghi ở ô “Đơn vị tính”.</source>
        <translation>“{value}”: only the number goes here; the unit (%, households, billion dong…) goes in “Unit of measure”.</translation>
    </message>
    <message>
        <source>“{value}” là một khoảng, nhưng ở đây chỉ ghi một số (khoảng chỉ dùng cho kế hoạch của mục tiêu mà kế hoạch tỉnh ghi là khoảng).</source>
        <translation>“{value}” is a range, but only one figure goes here (a range is only for the plan figure of a target the provincial plan states as a range).</translation>
    </message>
    <message>
        <source>Khoảng “{value}” phải ghi số nhỏ trước, số lớn sau, ví dụ 35 - 40.</source>
        <translation>The range “{value}” must give the smaller number first, e.g. 35 - 40.</translation>
    </message>
    <message>
        <source>“{value}” có quá nhiều chữ số (tối đa 15 chữ số phần nguyên và 6 chữ số thập phân).</source>
        <translation>“{value}” has too many digits (at most 15 before the decimal comma and 6 after it).</translation>
    </message>
    <message>
        <source>Hãy nhập một số, ví dụ 12,5 hoặc 1.234.</source>
        <translation>Enter a number, e.g. 12,5 or 1.234.</translation>
    </message>
    <message>
        <source>Hãy nhập một số, ví dụ 12,5 hoặc 1.234, hoặc một khoảng, ví dụ 35 - 40.</source>
        <translation>Enter a number, e.g. 12,5 or 1.234, or a range, e.g. 35 - 40.</translation>
    </message>
    <message>
        <source>Ngày nhận qua bưu điện – {unit}</source>
        <translation>Date received by post – {unit}</translation>
    </message>
    <message>
        <source>Với tệp xã gửi qua bưu điện, ghi ngày Sở nhận (theo dấu bưu điện hoặc sổ công văn đến). Ngày này thay ngày xã ký trong tệp khi xét đúng hạn hay muộn.</source>
        <translation>For a file the commune sent by post, record the date the department received it (postmark or incoming mail register). This date replaces the date signed in the file when judging on time or late.</translation>
    </message>
    <message>
        <source>Số {sequence} – kỳ {period}, xã gửi {sent}, Sở nhập {imported}</source>
        <translation>No. {sequence} – period {period}, sent {sent}, imported {imported}</translation>
    </message>
    <message>
        <source>Ngày Sở nhận</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>Ví dụ: công văn đến số 123, dấu bưu điện ngày …</source>
        <translation>E.g. incoming letter no. 123, postmark of …</translation>
    </message>
    <message>
        <source>Lưu ngày nhận</source>
        <translation>Save the date</translation>
    </message>
    <message>
        <source>Bỏ ngày đã ghi</source>
        <translation>Remove the recorded date</translation>
    </message>
    <message>
        <source>Đang tính: ngày Sở ghi {date} (qua bưu điện)</source>
        <translation>Counted now: the date recorded by the department {date} (by post)</translation>
    </message>
    <message>
        <source>Đang tính: ngày xã ký trong tệp {date}</source>
        <translation>Counted now: the date signed in the file {date}</translation>
    </message>
    <message>
        <source>– {count} {what}</source>
        <translation>– {what}: {count}</translation>
    </message>
    <message>
        <source>Không xóa được {what} “{name}” vì các bản ghi sau đang ghi {what} này là đơn vị, thôn hoặc hộ của mình:
{lines}

Hãy sửa các bản ghi đó (chọn đơn vị, thôn, hộ khác) hoặc xóa chúng trước, rồi xóa lại.</source>
        <translation>Cannot delete {what} “{name}” because these records name this {what} as their unit, village or household:
{lines}

Change those records (choose another unit, village or household) or delete them first, then delete again.</translation>
    </message>
    <message>
        <source>Không xóa được {what} “{name}” vì có tên trong văn bản đã ban hành ({numbers}). Văn bản đã ban hành là hồ sơ, không sửa được: nếu thông tin sai, hãy sửa thông tin rồi lập văn bản đính chính ở trang Văn bản đã ban hành.</source>
        <translation>The {what} “{name}” cannot be deleted: it is named in issued documents ({numbers}). An issued document is a record and cannot change: if the details are wrong, correct them and issue a correction on the Issued documents page.</translation>
    </message>
    <message>
        <source>{field}: {what} “{name}” đang ở thùng rác. Hãy khôi phục {what} đó trước (các bản ghi xóa cùng lúc với nó được khôi phục theo).</source>
        <translation>{field}: {what} “{name}” is in the recycle bin. Restore that {what} first (the records deleted with it are restored along with it).</translation>
    </message>
    <message>
        <source>Lỗi không mong muốn</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>Xin lỗi, phần mềm gặp lỗi không mong muốn. Việc vừa làm có thể chưa xong; dữ liệu đã lưu trước đó không bị mất.

Chi tiết đã được ghi vào nhật ký {file}. Hãy chọn Trợ giúp → Gửi báo lỗi… để lưu tệp báo lỗi và gửi cho bộ phận hỗ trợ của Sở Nội vụ.</source>
        <translation>Sorry, the program ran into an unexpected error. What you just did may not have finished; data saved before is not lost.

The details were written to the log {file}. Choose Help → Send a bug report… to save a bug report and send it to the support team of the Department of Home Affairs.</translation>
    </message>
    <message>
        <source>Lưu tệp báo lỗi</source>
        <translation>Save bug report</translation>
    </message>
    <message>
        <source>Tệp nén (*.zip)</source>
        <translation>Zip archive (*.zip)</translation>
    </message>
    <message>
        <source>Đã lưu tệp báo lỗi</source>
        <translation>Bug report saved</translation>
    </message>
    <message>
        <source>Đã lưu tệp báo lỗi {file}.

Hãy gửi tệp này qua thư điện tử cho bộ phận hỗ trợ của Sở Nội vụ, kèm vài dòng kể việc đang làm khi gặp lỗi. Tệp gồm nhật ký của phần mềm và thông tin phiên bản, hệ điều hành, số bản ghi; không có họ tên hay số CCCD.</source>
        <translation>Bug report {file} saved.

E-mail this file to the support team of the Department of Home Affairs, with a few lines on what you were doing when the error happened. It holds the program&apos;s logs and the version, operating system and record counts; no names and no CCCD numbers.</translation>
    </message>
    <message>
        <source>Chưa lưu được tệp báo lỗi</source>
        <translation>Bug report not saved</translation>
    </message>
    <message>
        <source>Không ghi được tệp {file}: {reason}. Hãy chọn thư mục khác (ví dụ Tài liệu) rồi thử lại.</source>
        <translation>Could not write {file}: {reason}. Choose another folder (for example Documents) and try again.</translation>
    </message>
    <message>
        <source>Đang sao lưu dữ liệu</source>
        <translation>Backing up the data</translation>
    </message>
    <message>
        <source>Đang khôi phục dữ liệu</source>
        <translation>Restoring the data</translation>
    </message>
    <message>
        <source>Đang xuất tệp dữ liệu</source>
        <translation>Exporting the data file</translation>
    </message>
    <message>
        <source>Đang nhập biên nhận</source>
        <translation>Importing a receipt</translation>
    </message>
    <message>
        <source>Đang nhập tệp dữ liệu</source>
        <translation>Importing data files</translation>
    </message>
    <message>
        <source>Đang lập văn bản khen thưởng</source>
        <translation>Drawing up the award document</translation>
    </message>
    <message>
        <source>Đang lưu thay đổi</source>
        <translation>Saving changes</translation>
    </message>
    <message>
        <source>{job}, vui lòng chờ…</source>
        <translation>{job}, please wait…</translation>
    </message>
    <message>
        <source>Xin lỗi, phần mềm gặp lỗi không mong muốn. Việc vừa làm có thể chưa xong; dữ liệu đã lưu trước đó không bị mất.</source>
        <translation>Sorry, the software ran into an unexpected error. What you just did may not be finished; data saved earlier is not lost.</translation>
    </message>
    <message>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <source>thiếu tệp trước đó</source>
        <translation>an earlier file is missing</translation>
    </message>
    <message>
        <source>rẽ nhánh (hai tệp cùng số thứ tự)</source>
        <translation>fork (two files with the same number)</translation>
    </message>
    <message>
        <source>tệp cũ hơn tệp Sở đã nhận</source>
        <translation>older than a file already received</translation>
    </message>
    <message>
        <source>khóa ký chưa đăng ký</source>
        <translation>signing key not enrolled</translation>
    </message>
    <message>
        <source>khóa ký đã bị thu hồi</source>
        <translation>signing key revoked</translation>
    </message>
    <message>
        <source>khóa ký đã hết hạn</source>
        <translation>signing key expired</translation>
    </message>
    <message>
        <source>khóa ký của đơn vị khác</source>
        <translation>signing key of another unit</translation>
    </message>
    <message>
        <source>mã hóa cho khóa khác, không phải của Sở</source>
        <translation>encrypted to another key, not the department&apos;s</translation>
    </message>
    <message>
        <source>mã hóa cho cả người ngoài Sở</source>
        <translation>also encrypted to someone outside the department</translation>
    </message>
    <message>
        <source>tệp chưa được mã hóa</source>
        <translation>file not encrypted</translation>
    </message>
    <message>
        <source>tệp bị hỏng hoặc bị sửa</source>
        <translation>file damaged or altered</translation>
    </message>
    <message>
        <source>tệp bị cắt cụt</source>
        <translation>file truncated</translation>
    </message>
    <message>
        <source>không phải tệp dữ liệu thi đua</source>
        <translation>not an emulation data file</translation>
    </message>
    <message>
        <source>tệp quá lớn</source>
        <translation>file too large</translation>
    </message>
    <message>
        <source>tệp quá lớn khi giải nén</source>
        <translation>file too large when decompressed</translation>
    </message>
    <message>
        <source>có bản ghi không hợp lệ</source>
        <translation>contains an invalid record</translation>
    </message>
    <message>
        <source>bản kê không hợp lệ</source>
        <translation>invalid manifest</translation>
    </message>
    <message>
        <source>gói dữ liệu sai cấu trúc</source>
        <translation>malformed data package</translation>
    </message>
    <message>
        <source>nội dung không đọc được</source>
        <translation>content cannot be read</translation>
    </message>
    <message>
        <source>phiên bản tệp không hỗ trợ</source>
        <translation>unsupported file version</translation>
    </message>
    <message>
        <source>số bản ghi không khớp bản kê</source>
        <translation>record count does not match the manifest</translation>
    </message>
    <message>
        <source>tệp có dữ liệu thừa</source>
        <translation>file has trailing data</translation>
    </message>
    <message>
        <source>thiếu mã nối tiếp sau khi đăng ký lại khóa</source>
        <translation>resume token missing after key re-enrolment</translation>
    </message>
    <message>
        <source>bị giữ lại chờ xác minh (sau khi đổi khóa)</source>
        <translation>held for verification (after a key change)</translation>
    </message>
    <message>
        <source>Chưa xét</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Duyệt</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Biểu quyết cả danh sách</source>
        <translation>Vote on the whole list</translation>
    </message>
    <message>
        <source>Hội đồng họp ngày {date} biểu quyết (giơ tay) một lần cho cả danh sách một danh hiệu: kết quả được ghi cho mọi trường hợp đủ điều kiện của danh hiệu đó.</source>
        <translation>At the meeting of {date} the council votes (show of hands) once on the whole list of a title: the result is recorded for every eligible case of that title.</translation>
    </message>
    <message>
        <source>{title} – {count} trường hợp đủ điều kiện</source>
        <translation>{title} – {count} eligible cases</translation>
    </message>
    <message>
        <source>Ghi kết quả biểu quyết</source>
        <translation>Record the vote</translation>
    </message>
    <message>
        <source>Không có trường hợp nào đủ điều kiện danh hiệu này để biểu quyết.</source>
        <translation>No case is eligible for this title to vote on.</translation>
    </message>
    <message>
        <source>Tệp quy trình {file} không có mẫu số {code} của danh hiệu “{title}”.</source>
        <translation>The procedure file {file} has no form {code} for the title “{title}”.</translation>
    </message>
    <message>
        <source>Không có quy trình xét tặng mã “{code}” (chỉ có: {codes}).</source>
        <translation>There is no award procedure with code “{code}” (only: {codes}).</translation>
    </message>
    <message>
        <source>mục “{where}”: {what}</source>
        <translation>entry “{where}”: {what}</translation>
    </message>
    <message>
        <source>phải là một đoạn chữ, không để trống</source>
        <translation>must be a non-empty text</translation>
    </message>
    <message>
        <source>thiếu (cần số ngày và nguồn)</source>
        <translation>missing (needs a number of days and a source)</translation>
    </message>
    <message>
        <source>số ngày phải là số nguyên từ 1 đến 90</source>
        <translation>the number of days must be a whole number from 1 to 90</translation>
    </message>
    <message>
        <source>phải là refuse (từ chối) hoặc warn (cảnh báo)</source>
        <translation>must be refuse or warn</translation>
    </message>
    <message>
        <source>phải là ngày, tháng và nguồn, hoặc null</source>
        <translation>must be a day, a month and a source, or null</translation>
    </message>
    <message>
        <source>ngày {day}, tháng {month} không phải một ngày trong năm</source>
        <translation>day {day}, month {month} is not a date of the year</translation>
    </message>
    <message>
        <source>phải là một danh sách không rỗng</source>
        <translation>must be a non-empty list</translation>
    </message>
    <message>
        <source>phải là một mục có nội dung và nguồn</source>
        <translation>must be an entry with a text and a source</translation>
    </message>
    <message>
        <source>phải là một mục</source>
        <translation>must be an entry</translation>
    </message>
    <message>
        <source>phải là {subject}</source>
        <translation>must be {subject}</translation>
    </message>
    <message>
        <source>mã mẫu phải là hai chữ số, ví dụ “03”</source>
        <translation>the form code must be two digits, e.g. “03”</translation>
    </message>
    <message>
        <source>phải có ít nhất một mẫu văn bản</source>
        <translation>must have at least one form</translation>
    </message>
    <message>
        <source>phải là số thập phân dạng chữ, ví dụ &quot;1.5&quot;, hoặc null</source>
        <translation>must be a decimal as text, e.g. &quot;1.5&quot;, or null</translation>
    </message>
    <message>
        <source>Tệp quy trình {file} phải là một đối tượng JSON.</source>
        <translation>The procedure file {file} must be a JSON object.</translation>
    </message>
    <message>
        <source>phiên bản định dạng phải là {format}</source>
        <translation>the format version must be {format}</translation>
    </message>
    <message>
        <source>thiếu danh sách danh hiệu</source>
        <translation>the list of titles is missing</translation>
    </message>
    <message>
        <source>mã danh hiệu không thuộc quy trình này (chỉ {codes})</source>
        <translation>the title code is not part of this procedure (only {codes})</translation>
    </message>
    <message>
        <source>thiếu quy trình của danh hiệu này</source>
        <translation>the procedure of this title is missing</translation>
    </message>
    <message>
        <source>Tệp quy trình {file} không dùng được: {errors}. Hãy cài lại phần mềm hoặc sửa tệp theo hướng dẫn.</source>
        <translation>The procedure file {file} cannot be used: {errors}. Reinstall the software or correct the file as documented.</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp quy trình {file}. Hãy cài lại phần mềm.</source>
        <translation>The procedure file {file} was not found. Reinstall the software.</translation>
    </message>
    <message>
        <source>Không đọc được tệp quy trình {file}: {error}.</source>
        <translation>The procedure file {file} could not be read: {error}.</translation>
    </message>
    <message>
        <source>Tệp quy trình {file} sai cú pháp JSON ở dòng {line}, cột {col}.</source>
        <translation>The procedure file {file} has a JSON syntax error at line {line}, column {col}.</translation>
    </message>
    <message>
        <source>Chưa ghi ngày họp bình xét. Hãy ghi ngày họp trước khi niêm yết danh sách.</source>
        <translation>The review meeting date is not recorded. Record the meeting before posting the list.</translation>
    </message>
    <message>
        <source>Chưa ghi ngày bắt đầu niêm yết danh sách.</source>
        <translation>The date the list was first posted is not recorded.</translation>
    </message>
    <message>
        <source>Ngày bắt đầu niêm yết {posted} trước ngày họp bình xét {meeting}. Danh sách chỉ niêm yết sau cuộc họp; hãy sửa ngày.</source>
        <translation>The posting start {posted} is before the review meeting {meeting}. The list is posted only after the meeting; correct the date.</translation>
    </message>
    <message>
        <source>Danh sách chưa được niêm yết. Phải niêm yết {days} ngày trước khi kết thúc bình xét ({source}).</source>
        <translation>The list has not been posted. It must be posted for {days} days before the review is finished ({source}).</translation>
    </message>
    <message>
        <source>Danh sách mới niêm yết {done} ngày (từ ngày {start}); phải niêm yết đủ {days} ngày, đến hết ngày {until} ({source}). Kết thúc bình xét từ ngày {earliest}.</source>
        <translation>The list has been posted only {done} days (from {start}); it must be posted a full {days} days, until the end of {until} ({source}). Finish the review from {earliest}.</translation>
    </message>
    <message>
        <source>Bình xét “{title}” năm {year} phải hoàn thành trước ngày {deadline} ({source}); ngày kết thúc {on} đã quá hạn.</source>
        <translation>The review of “{title}” for {year} must be finished by {deadline} ({source}); the finish date {on} is past the deadline.</translation>
    </message>
    <message>
        <source>Hãy ghi ngày kết thúc đúng thực tế; nếu đã quá hạn, việc bình xét năm này không tiếp tục được.</source>
        <translation>Record the actual finish date; if the deadline has passed, this year&apos;s review cannot go on.</translation>
    </message>
    <message>
        <source>Chưa kết thúc bình xét: hồ sơ chỉ đủ sau khi kết thúc bình xét.</source>
        <translation>The review is not finished: the file is complete only after the review is finished.</translation>
    </message>
    <message>
        <source>Ngày nhận đủ hồ sơ {complete} trước ngày kết thúc bình xét {finished}; hãy sửa ngày.</source>
        <translation>The complete-file date {complete} is before the review finish {finished}; correct the date.</translation>
    </message>
    <message>
        <source>Chưa ghi ngày nhận đủ hồ sơ. Hãy ghi ngày Ủy ban nhân dân nhận đủ hồ sơ trước khi ra quyết định.</source>
        <translation>The complete-file date is not recorded. Record the date the People&apos;s Committee received the full file before deciding.</translation>
    </message>
    <message>
        <source>Ngày quyết định {on} trước ngày nhận đủ hồ sơ {complete}; hãy sửa ngày.</source>
        <translation>The decision date {on} is before the complete-file date {complete}; correct the date.</translation>
    </message>
    <message>
        <source>Quyết định ngày {on} muộn hơn {days} ngày kể từ ngày nhận đủ hồ sơ {complete} (hạn: {due}; {source}).</source>
        <translation>The decision of {on} is more than {days} days after the complete file of {complete} (due: {due}; {source}).</translation>
    </message>
    <message>
        <source>Không có thôn, tổ dân phố này trong dữ liệu.</source>
        <translation>This village or residential group is not in the data.</translation>
    </message>
    <message>
        <source>“{name}” đã bị xóa (đang ở thùng rác). Hãy khôi phục hoặc chọn thôn, tổ dân phố khác.</source>
        <translation>“{name}” was deleted (it is in the recycle bin). Restore it or choose another village or residential group.</translation>
    </message>
    <message>
        <source>“{name}” không phải thôn hay tổ dân phố. Hãy chọn một thôn, tổ dân phố.</source>
        <translation>“{name}” is not a village or residential group. Choose a village or residential group.</translation>
    </message>
    <message>
        <source>sáp nhập</source>
        <translation>merged</translation>
    </message>
    <message>
        <source>giải thể</source>
        <translation>dissolved</translation>
    </message>
    <message>
        <source> từ ngày {date}</source>
        <translation> on {date}</translation>
    </message>
    <message>
        <source>“{name}” đã {word}{since}; không bình xét ở thôn, tổ dân phố này nữa. Hãy chọn thôn, tổ dân phố đang hoạt động.</source>
        <translation>“{name}” was {word}{since}; it is no longer reviewed. Choose an active village or residential group.</translation>
    </message>
    <message>
        <source>Kết quả “{result}” không hợp lệ: chỉ dat (đạt), khong_dat (không đạt) hoặc chua_xet (chưa xét).</source>
        <translation>The result “{result}” is not valid: only dat (passed), khong_dat (not passed) or chua_xet (not reviewed).</translation>
    </message>
    <message>
        <source> và {n} mã khác</source>
        <translation> and {n} other codes</translation>
    </message>
    <message>
        <source>Gia đình văn hóa, Thôn văn hóa</source>
        <translation>Cultural families, cultural villages</translation>
    </message>
    <message>
        <source>{n} dòng</source>
        <translation>{n} rows</translation>
    </message>
    <message>
        <source>{name} ({n} hộ)</source>
        <translation>{name} ({n} households)</translation>
    </message>
    <message>
        <source>Chưa mở đợt bình xét cho lựa chọn này. Bấm “Mở đợt bình xét”.</source>
        <translation>No review round is open for this choice. Click “Open review round”.</translation>
    </message>
    <message>
        <source>Niêm yết đến hết ngày {until}; kết thúc bình xét từ ngày {earliest}.</source>
        <translation>Posted until the end of {until}; the review can finish from {earliest}.</translation>
    </message>
    <message>
        <source>Chưa niêm yết danh sách.</source>
        <translation>The list is not posted yet.</translation>
    </message>
    <message>
        <source>Hạn hoàn thành bình xét: {date}.</source>
        <translation>Review deadline: {date}.</translation>
    </message>
    <message>
        <source>Đã kết thúc ngày {date}.</source>
        <translation>Finished on {date}.</translation>
    </message>
    <message>
        <source>Quyết định {no} ngày {date}.</source>
        <translation>Decision {no} of {date}.</translation>
    </message>
    <message>
        <source>Hạn ra quyết định: {date}.</source>
        <translation>Decision due by: {date}.</translation>
    </message>
    <message>
        <source>{status} – đạt {ok}, không đạt {no}, chưa đánh dấu {left} trên {total}.</source>
        <translation>{status} – passed {ok}, not passed {no}, not marked {left} of {total}.</translation>
    </message>
    <message>
        <source>Lý do mở lại đợt bình xét:</source>
        <translation>Reason for reopening the round:</translation>
    </message>
    <message>
        <source>Quyết định {number} còn hiệu lực: sau khi sửa kết quả, ban hành quyết định thay thế tại trang “Văn bản đã ban hành”.
Lý do mở lại đợt bình xét:</source>
        <translation>Decision {number} is in force: after correcting the results, issue a replacing decision on the “Issued documents” page.
Reason for reopening the round:</translation>
    </message>
    <message>
        <source>Mở lại đợt bình xét</source>
        <translation>Reopen the round</translation>
    </message>
    <message>
        <source>Không mở lại được đợt bình xét</source>
        <translation>Could not reopen the round</translation>
    </message>
    <message>
        <source>Không mở được đợt bình xét</source>
        <translation>Could not open the review round</translation>
    </message>
    <message>
        <source>Không ghi được cuộc họp</source>
        <translation>Could not record the meeting</translation>
    </message>
    <message>
        <source>Không ghi được ngày niêm yết</source>
        <translation>Could not record the posting</translation>
    </message>
    <message>
        <source>Lưu ý về thời hạn</source>
        <translation>Deadline notice</translation>
    </message>
    <message>
        <source>Không kết thúc được bình xét</source>
        <translation>Could not finish the review</translation>
    </message>
    <message>
        <source>Không ghi được ngày nhận đủ hồ sơ</source>
        <translation>Could not record the complete file</translation>
    </message>
    <message>
        <source>Chưa chọn dòng</source>
        <translation>No row selected</translation>
    </message>
    <message>
        <source>Hãy chọn một hoặc nhiều dòng trong bảng.</source>
        <translation>Select one or more rows in the table.</translation>
    </message>
    <message>
        <source>Không đánh dấu được</source>
        <translation>Could not mark</translation>
    </message>
    <message>
        <source>Chọn tệp CSV danh sách mã hộ</source>
        <translation>Choose the CSV file of household codes</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv);;Mọi tệp (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Không đánh dấu được theo danh sách</source>
        <translation>Could not mark from the list</translation>
    </message>
    <message>
        <source>Không ban hành được biên bản</source>
        <translation>Could not issue the minutes</translation>
    </message>
    <message>
        <source>Ban hành quyết định</source>
        <translation>Issue decision</translation>
    </message>
    <message>
        <source>Ban hành quyết định tặng danh hiệu ký ngày {date}? Số quyết định được lấy từ sổ văn bản và không thay đổi được; lịch sử khen thưởng của các trường hợp đạt được ghi cùng lúc.</source>
        <translation>Issue the award decision signed on {date}? Its number is taken from the register and cannot change; the award history of everyone who passed is written at the same time.</translation>
    </message>
    <message>
        <source>Không ban hành được quyết định</source>
        <translation>Could not issue the decision</translation>
    </message>
    <message>
        <source>Hãy ghi tên kế hoạch (ví dụ: Phát động phong trào thi đua yêu nước năm {year}).</source>
        <translation>Enter the plan&apos;s title (for example: Phát động phong trào thi đua yêu nước năm {year}).</translation>
    </message>
    <message>
        <source>Tên kế hoạch dài quá {n} ký tự.</source>
        <translation>The plan&apos;s title is longer than {n} characters.</translation>
    </message>
    <message>
        <source>Ngày phát động {date} không thuộc năm {year} của kế hoạch.</source>
        <translation>The launch date {date} is not in the plan&apos;s year {year}.</translation>
    </message>
    <message>
        <source>Hạn đăng ký thi đua {deadline} trước ngày phát động {date}; hãy chọn hạn từ ngày phát động trở đi.</source>
        <translation>The registration deadline {deadline} is before the launch date {date}; choose a deadline on or after the launch date.</translation>
    </message>
    <message>
        <source>Không có chỉ tiêu số {codes} trong kế hoạch của tỉnh.</source>
        <translation>The province plan has no target number {codes}.</translation>
    </message>
    <message>
        <source>Phần “{section}” chưa có nội dung.</source>
        <translation>The section “{section}” is empty.</translation>
    </message>
    <message>
        <source>Đăng ký ngày {date}, sau hạn đăng ký thi đua {deadline} của kế hoạch “{title}”. Đăng ký muộn vẫn được lưu; hãy ghi lý do vào nội dung cam kết nếu cần.</source>
        <translation>Registered on {date}, after the registration deadline {deadline} of the plan “{title}”. A late registration is still saved; note the reason in the pledge if needed.</translation>
    </message>
    <message>
        <source>Chưa chọn đối tượng, thành tích nào để khen thưởng.</source>
        <translation>No subject or achievement chosen for the award.</translation>
    </message>
    <message>
        <source>Ban hành quyết định {occasion} “{theme}”, ký ngày {date}, tặng Giấy khen cho {count} đối tượng, tổng tiền thưởng {amount} đồng? Quyết định được lấy số trong sổ văn bản và lưu nguyên nội dung.</source>
        <translation>Issue the decision ({occasion}) “{theme}”, signed on {date}, giving certificates of merit to {count} subjects, total bonus {amount} đồng? The decision takes its number from the register and its content is stored as issued.</translation>
    </message>
    <message>
        <source>Khen thưởng chuyên đề, đột xuất</source>
        <translation>Awards by theme, ad hoc</translation>
    </message>
    <message>
        <source>Đã ban hành văn bản số {number} (mã {id}).</source>
        <translation>Issued document number {number} (id {id}).</translation>
    </message>
    <message>
        <source>Ban hành kế hoạch phát động thi đua năm {year}, ngày {date}, hạn đăng ký thi đua {deadline}? Kế hoạch được lấy số (…/KH-UBND) và lưu nguyên nội dung; đăng ký sau hạn sẽ được nhắc là đăng ký muộn.</source>
        <translation>Issue the emulation launch plan {year}, dated {date}, registration deadline {deadline}? The plan takes a number (…/KH-UBND) and its content is stored as issued; registrations after the deadline will be flagged as late.</translation>
    </message>
    <message>
        <source>Kế hoạch phát động thi đua</source>
        <translation>Emulation launch plan</translation>
    </message>
    <message>
        <source>Gia đình, thôn văn hóa</source>
        <translation>Cultural families and villages</translation>
    </message>
    <message>
        <source>In giấy khen</source>
        <translation>Print certificates</translation>
    </message>
    <message>
        <source>Giấy khen theo quyết định {number} ngày {date}: {count} tờ, mỗi đối tượng một tờ, in từ nội dung đã ban hành.</source>
        <translation>Certificates of decision {number} of {date}: {count} sheets, one per awardee, printed from the content as issued.</translation>
    </message>
    <message>
        <source>Giấy trắng: in đủ mẫu (khung, Quốc hiệu, tiêu ngữ, tên giấy khen)</source>
        <translation>Plain paper: the whole design (border, national name, motto, certificate title)</translation>
    </message>
    <message>
        <source>Phôi in sẵn của tỉnh: chỉ in nội dung vào đúng chỗ trên phôi</source>
        <translation>The province&apos;s pre-printed blanks: only the fields, at their places on the blank</translation>
    </message>
    <message>
        <source>Máy in mặc định</source>
        <translation>Default printer</translation>
    </message>
    <message>
        <source>Máy in:</source>
        <translation>Printer:</translation>
    </message>
    <message>
        <source>Độ lệch ngang (dương: sang phải):</source>
        <translation>Horizontal offset (positive: to the right):</translation>
    </message>
    <message>
        <source>Độ lệch dọc (dương: xuống dưới):</source>
        <translation>Vertical offset (positive: downwards):</translation>
    </message>
    <message>
        <source>Độ lệch là riêng của từng máy in và được nhớ trên máy này. In trang thử trên giấy trắng cùng khổ phôi, đo từ mép giấy tới tâm từng dấu chữ thập; độ lệch mới = độ lệch đang dùng + (vị trí ghi trên dấu − số đo được).</source>
        <translation>The offset belongs to each printer and is remembered on this PC. Print the test page on plain paper of the blank&apos;s size and measure from the paper&apos;s edges to the centre of each crosshair; new offset = current offset + (position written by the mark − measured distance).</translation>
    </message>
    <message>
        <source>In trang thử…</source>
        <translation>Print test page…</translation>
    </message>
    <message>
        <source>Xem trước, in, lưu PDF…</source>
        <translation>Preview, print, save PDF…</translation>
    </message>
    <message>
        <source>Trang thử in phôi giấy khen</source>
        <translation>Test page for certificate blanks</translation>
    </message>
    <message>
        <source>Tệp {file} quá lớn khi giải nén (phần “{part}” {size} MB, tối đa {limit} MB): không phải một danh sách bình thường. Hãy mở bằng Excel, chỉ giữ trang danh sách rồi lưu lại.</source>
        <translation>File {file} is too large once unpacked (part “{part}” {size} MB, at most {limit} MB): not an ordinary list. Open it in Excel, keep only the list sheet and save it again.</translation>
    </message>
    <message>
        <source>Trang tính “{sheet}” có ô gộp (merge cells) trong dòng tiêu đề cột hoặc trong bảng ({cells}). Hãy bỏ gộp các ô đó (Unmerge) để mỗi dòng là một bản ghi, mỗi cột một thông tin; các dòng tên danh sách gộp ô phía trên dòng tiêu đề thì giữ nguyên được.</source>
        <translation>Sheet “{sheet}” has merged cells in the header row or in the table ({cells}). Unmerge them so that each row is one record and each column one piece of information; merged title lines above the header row may stay.</translation>
    </message>
    <message>
        <source>Không có mẫu “{kind}”. Các mẫu: {kinds}.</source>
        <translation>There is no template “{kind}”. Templates: {kinds}.</translation>
    </message>
    <message>
        <source>Năm bắt đầu {start} sau năm kết thúc {end}. Hãy đổi lại.</source>
        <translation>The first year {start} is after the last year {end}. Please swap them.</translation>
    </message>
    <message>
        <source>Không tìm thấy đối tượng mã {id}.</source>
        <translation>No subject with ID {id} was found.</translation>
    </message>
    <message>
        <source>Tệp biểu mẫu thống kê {file}, {where}: {what}. Hãy sửa tệp rồi mở lại.</source>
        <translation>Statistics forms file {file}, {where}: {what}. Please correct the file and open it again.</translation>
    </message>
    <message>
        <source>mỗi cột cần “id” và “label”</source>
        <translation>every column needs “id” and “label”</translation>
    </message>
    <message>
        <source>“sum” chỉ nhận “amount”</source>
        <translation>“sum” accepts only “amount”</translation>
    </message>
    <message>
        <source>cột cần “count”, “sum” hoặc “unavailable”</source>
        <translation>a column needs “count”, “sum” or “unavailable”</translation>
    </message>
    <message>
        <source>“count” chỉ nhận {keys}</source>
        <translation>“count” accepts only {keys}</translation>
    </message>
    <message>
        <source>đối tượng “{subject}” không có</source>
        <translation>there is no subject type “{subject}”</translation>
    </message>
    <message>
        <source>mỗi dòng cần “label” hoặc “heading”</source>
        <translation>every row needs “label” or “heading”</translation>
    </message>
    <message>
        <source>dòng cần “count” hoặc “unavailable”</source>
        <translation>a row needs “count” or “unavailable”</translation>
    </message>
    <message>
        <source>biểu thứ {n}</source>
        <translation>form {n}</translation>
    </message>
    <message>
        <source>“kind” phải là {kinds}</source>
        <translation>“kind” must be {kinds}</translation>
    </message>
    <message>
        <source>thiếu “{key}”</source>
        <translation>“{key}” is missing</translation>
    </message>
    <message>
        <source>{where}, cột thứ {i}</source>
        <translation>{where}, column {i}</translation>
    </message>
    <message>
        <source>{where}, dòng thứ {i}</source>
        <translation>{where}, row {i}</translation>
    </message>
    <message>
        <source>biểu khen thưởng cần “columns” và “groups”</source>
        <translation>an awards form needs “columns” and “groups”</translation>
    </message>
    <message>
        <source>biểu dạng bảng cần “columns”, “lines” và “of” là {kinds}</source>
        <translation>a table form needs “columns”, “lines”, and “of” set to {kinds}</translation>
    </message>
    <message>
        <source>Không đọc được tệp biểu mẫu thống kê {path}: {error}.</source>
        <translation>Could not read the statistics forms file {path}: {error}.</translation>
    </message>
    <message>
        <source>đầu tệp</source>
        <translation>file header</translation>
    </message>
    <message>
        <source>“format” phải là 1</source>
        <translation>“format” must be 1</translation>
    </message>
    <message>
        <source>kỳ báo cáo hoặc hạn gửi</source>
        <translation>reporting period or deadline</translation>
    </message>
    <message>
        <source>thiếu hoặc sai {what}</source>
        <translation>missing or wrong {what}</translation>
    </message>
    <message>
        <source>cần một biểu loại “awards”</source>
        <translation>one form of kind “awards” is needed</translation>
    </message>
    <message>
        <source>Sổ theo dõi khen thưởng</source>
        <translation>Award register</translation>
    </message>
    <message>
        <source>Từ năm:</source>
        <translation>From year:</translation>
    </message>
    <message>
        <source>Đến năm:</source>
        <translation>To year:</translation>
    </message>
    <message>
        <source>Lập sổ</source>
        <translation>Make the register</translation>
    </message>
    <message>
        <source>Tệp Excel (*.xlsx);;Tệp PDF (*.pdf)</source>
        <translation>Excel file (*.xlsx);;PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>Thống &amp;kê</source>
        <translation>&amp;Statistics</translation>
    </message>
    <message>
        <source>Báo cáo thống kê thi đua, khen thưởng…</source>
        <translation>Emulation and commendation statistics report…</translation>
    </message>
    <message>
        <source>Sổ theo dõi khen thưởng…</source>
        <translation>Award register…</translation>
    </message>
    <message>
        <source>Báo cáo thống kê: chọn năm</source>
        <translation>Statistics report: choose the year</translation>
    </message>
    <message>
        <source>Lưu báo cáo thống kê</source>
        <translation>Save the statistics report</translation>
    </message>
    <message>
        <source>Đã lưu báo cáo thống kê năm {year} vào {path}.</source>
        <translation>The statistics report for {year} was saved to {path}.</translation>
    </message>
    <message>
        <source>Lưu sổ theo dõi khen thưởng</source>
        <translation>Save the award register</translation>
    </message>
    <message>
        <source>Đã lưu sổ theo dõi khen thưởng vào {path}.</source>
        <translation>The award register was saved to {path}.</translation>
    </message>
    <message>
        <source>Số điện thoại “{value}” không hợp lệ: chỉ gồm 8 đến 15 chữ số (có thể có dấu cách, dấu chấm, gạch ngang, dấu + ở đầu), tối đa 20 ký tự, ví dụ 0912 345 678.</source>
        <translation>The phone number “{value}” is not valid: 8 to 15 digits only (spaces, dots, dashes and a leading + allowed), at most 20 characters, e.g. 0912 345 678.</translation>
    </message>
    <message>
        <source>Địa chỉ thư điện tử “{value}” không hợp lệ: dạng ten@donvi.gov.vn, không dấu, không dấu cách, tối đa 254 ký tự.</source>
        <translation>The e-mail address “{value}” is not valid: use the form name@unit.gov.vn, no accents, no spaces, at most 254 characters.</translation>
    </message>
    <message>
        <source>Địa chỉ cơ sở dữ liệu không hợp lệ ({address}). Dạng đúng: postgresql://người_dùng@máy_chủ:5432/tên_csdl</source>
        <translation>Invalid database address ({address}). The right form: postgresql://user@server:5432/database</translation>
    </message>
    <message>
        <source>Địa chỉ {address} không phải một cơ sở dữ liệu PostgreSQL. Dạng đúng: postgresql://người_dùng@máy_chủ:5432/tên_csdl</source>
        <translation>The address {address} is not a PostgreSQL database. The right form: postgresql://user@server:5432/database</translation>
    </message>
    <message>
        <source>Địa chỉ {address} thiếu tên máy chủ hoặc tên cơ sở dữ liệu. Dạng đúng: postgresql://người_dùng@máy_chủ:5432/tên_csdl</source>
        <translation>The address {address} lacks the server name or the database name. The right form: postgresql://user@server:5432/database</translation>
    </message>
    <message>
        <source>Dữ liệu đang mở trên máy chủ ({address}), không phải tệp SQLite trên máy này: không có gì để chuyển.</source>
        <translation>The data is open on a server ({address}), not in a SQLite file on this PC: there is nothing to move.</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp dữ liệu {path}.</source>
        <translation>The data file {path} was not found.</translation>
    </message>
    <message>
        <source>Địa chỉ {address} không phải một cơ sở dữ liệu PostgreSQL.</source>
        <translation>The address {address} is not a PostgreSQL database.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu {address} đã có bảng không thuộc phần mềm ({tables}). Hãy chuyển vào một cơ sở dữ liệu mới, trống.</source>
        <translation>The database {address} already has tables that are not the software&apos;s ({tables}). Move into a new, empty database.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu {address} đã có dữ liệu (bảng {tables}). Không chuyển vào đó để khỏi lẫn hoặc ghi đè; hãy dùng một cơ sở dữ liệu mới, trống.</source>
        <translation>The database {address} already holds data (tables {tables}). Nothing is moved into it, so that nothing is mixed or overwritten; use a new, empty database.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu {address} đã được một phiên bản phần mềm mới hơn tạo (lược đồ {revision}). Hãy dùng một cơ sở dữ liệu mới, trống.</source>
        <translation>The database {address} was created by a newer version of the software (schema {revision}). Use a new, empty database.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu có bảng phần mềm không biết ({tables}), không chuyển được trọn vẹn. Hãy cài phiên bản mới nhất của phần mềm.</source>
        <translation>The data file has tables this software does not know ({tables}) and cannot be moved whole. Install the latest version of the software.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu thiếu bảng {tables}; hãy mở tệp bằng phần mềm một lần (để nâng cấp) rồi chuyển lại.</source>
        <translation>The data file lacks the tables {tables}; open the file with the software once (to upgrade it), then move it again.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu đang ở lược đồ {revision}, chưa phải bản mới nhất. Hãy mở tệp bằng phần mềm này một lần (để nâng cấp) rồi chuyển lại.</source>
        <translation>The data file is at schema {revision}, not the latest. Open the file with this software once (to upgrade it), then move it again.</translation>
    </message>
    <message>
        <source>Dữ liệu chép sang khác bản gốc ở bảng {tables}; đã hủy, cơ sở dữ liệu đích vẫn trống. Hãy gửi báo lỗi cho bộ phận hỗ trợ.</source>
        <translation>The copied data differs from the original in the tables {tables}; cancelled, the target database is still empty. Send a bug report to the support team.</translation>
    </message>
    <message>
        <source>Đã hủy chuyển dữ liệu; cơ sở dữ liệu đích vẫn trống như trước.</source>
        <translation>The move was cancelled; the target database is as empty as before.</translation>
    </message>
    <message>
        <source>Không chép được bảng {table} sang máy chủ ({error}); đã hủy, cơ sở dữ liệu đích vẫn trống.</source>
        <translation>The table {table} could not be copied to the server ({error}); cancelled, the target database is still empty.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu có liên kết hỏng trong bảng {table}; đã hủy, cơ sở dữ liệu đích vẫn trống. Hãy chạy lệnh check với tệp rồi gửi báo lỗi.</source>
        <translation>The data file has broken references in the table {table}; cancelled, the target database is still empty. Run the check command on the file, then send a bug report.</translation>
    </message>
    <message>
        <source>Bảng</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Số dòng (tệp)</source>
        <translation>Rows (file)</translation>
    </message>
    <message>
        <source>Số dòng (máy chủ)</source>
        <translation>Rows (server)</translation>
    </message>
    <message>
        <source>Mã băm nội dung</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <source>Đối chiếu</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Khớp</source>
        <translation>Equal</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Different</translation>
    </message>
    <message>
        <source>Chuyển dữ liệu lên máy chủ PostgreSQL</source>
        <translation>Move the data to a PostgreSQL server</translation>
    </message>
    <message>
        <source>Chép toàn bộ dữ liệu của Sở từ tệp trên máy này sang một cơ sở dữ liệu PostgreSQL mới, trống (cán bộ kỹ thuật tạo sẵn). Mọi bảng được đối chiếu số dòng và mã băm ở hai bên; có lỗi thì không có gì được ghi. Tệp trên máy giữ nguyên.</source>
        <translation>Copies all of the Department&apos;s data from the file on this PC to a new, empty PostgreSQL database (made beforehand by the IT staff). Every table is checked by row count and hash on both sides; on any error nothing is written. The file on this PC stays as it is.</translation>
    </message>
    <message>
        <source>Địa chỉ cơ sở dữ liệu:</source>
        <translation>Database address:</translation>
    </message>
    <message>
        <source>để trống nếu máy chủ không cần (hoặc dùng tệp .pgpass)</source>
        <translation>leave empty if the server needs none (or use a .pgpass file)</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Chuyển dữ liệu</source>
        <translation>Move the data</translation>
    </message>
    <message>
        <source>Đang chuyển dữ liệu lên {address}…</source>
        <translation>Moving the data to {address}…</translation>
    </message>
    <message>
        <source>Đang dừng… (dữ liệu chép dở sẽ được hủy)</source>
        <translation>Stopping… (what was copied so far will be discarded)</translation>
    </message>
    <message>
        <source>Đã chuyển {tables} bảng, {rows} dòng lên {address}; số dòng và mã băm từng bảng trùng khớp.
Từ nay mở dữ liệu của Sở bằng lệnh: {command}
(hoặc đặt biến môi trường DESKTOP_DB_URL bằng địa chỉ đó). Tệp trên máy này giữ nguyên nhưng không dùng tiếp: thay đổi ghi vào đó sẽ không có trên máy chủ.</source>
        <translation>Moved {tables} tables, {rows} rows to {address}; the row count and hash of every table are equal.
From now on open the Department&apos;s data with the command: {command}
(or set the environment variable DESKTOP_DB_URL to that address). The file on this PC stays as it is but is no longer used: changes written into it will not be on the server.</translation>
    </message>
    <message>
        <source>Không chuyển được dữ liệu</source>
        <translation>The data could not be moved</translation>
    </message>
</context>
</TS>
