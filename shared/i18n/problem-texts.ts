import { LOCALES, type Locale } from '../profiles/profile-ids';
import { counted } from './plural';

/**
 * What an API problem says to a person, per stable `code`, in every locale: the `detail` of the
 * RFC 9457 answer, chosen by the caller's `Accept-Language` (the English `title` stays as it was,
 * for logs and developers). Every code a `DomainError` can carry is a key here — the constructors
 * take a `ProblemCode`, so a code without its four texts does not compile — and
 * `test/unit/problem-texts.test.ts` checks that each has a non-empty text in every locale.
 *
 * Field problems (each entry under `errors`: the import's row validators, the request schemas'
 * issue codes, a use case's own) have their texts here too, told as each entry's `detail`; the
 * test also reads every field code written in the source.
 *
 * A text may take values the error carries (`DomainError.params`), e.g. the tries left of a code,
 * with its noun in the locale's plural form (`Intl.PluralRules`).
 */
export type ProblemParams = Record<string, string | number>;
type Text = string | ((params: ProblemParams) => string);
type Texts = Record<Locale, Text>;

/** "(3 tries left)" in the locale's plural forms; nothing when the count is unknown. */
const triesLeft = (locale: Locale, forms: Parameters<typeof counted>[2], wrap: (n: string) => string) => (p: ProblemParams) =>
  typeof p.triesLeft === 'number' ? wrap(counted(locale, p.triesLeft, forms)) : '';

export const PROBLEM_TEXTS = {
  // The chain's own answers.
  validation_failed: {
    it: 'La richiesta non è valida: controlli i campi indicati.',
    ru: 'Запрос заполнен неверно: проверьте указанные поля.',
    tr: 'İstek geçerli değil: belirtilen alanları kontrol edin.',
    en: 'The request is not valid: check the fields listed.',
  },
  malformed_json: {
    it: 'Il corpo della richiesta non è un JSON valido.',
    ru: 'Тело запроса не является корректным JSON.',
    tr: 'İstek gövdesi geçerli bir JSON değil.',
    en: 'The request body is not valid JSON.',
  },
  unsupported_media_type: {
    it: 'Il corpo della richiesta deve essere application/json.',
    ru: 'Тело запроса должно быть в формате application/json.',
    tr: 'İstek gövdesi application/json olmalıdır.',
    en: 'The request body must be application/json.',
  },
  internal_error: {
    it: 'Si è verificato un errore da parte nostra. Riprovi più tardi.',
    ru: 'На нашей стороне произошла ошибка. Повторите попытку позже.',
    tr: 'Bizim tarafımızda bir hata oluştu. Lütfen daha sonra tekrar deneyin.',
    en: 'Something went wrong on our side. Please try again later.',
  },
  dependency_unavailable: {
    it: 'Un servizio necessario non è al momento disponibile. Riprovi tra poco.',
    ru: 'Необходимый сервис временно недоступен. Повторите попытку чуть позже.',
    tr: 'Gerekli bir hizmet şu anda kullanılamıyor. Lütfen biraz sonra tekrar deneyin.',
    en: 'A service this needs is unavailable right now. Please try again shortly.',
  },
  unauthorized: {
    it: 'Serve un token di accesso valido: effettui di nuovo l’accesso.',
    ru: 'Нужен действительный токен доступа: войдите заново.',
    tr: 'Geçerli bir erişim belirteci gerekiyor: lütfen yeniden giriş yapın.',
    en: 'A valid access token is needed: please sign in again.',
  },
  forbidden: {
    it: 'Non è autorizzato a eseguire questa operazione.',
    ru: 'У Вас нет прав на это действие.',
    tr: 'Bu işlemi yapma yetkiniz yok.',
    en: 'You are not allowed to do this.',
  },
  not_found: {
    it: 'Quanto richiesto non è stato trovato.',
    ru: 'Запрошенный объект не найден.',
    tr: 'İstenen kayıt bulunamadı.',
    en: 'What you asked for was not found.',
  },
  conflict: {
    it: 'L’operazione è in conflitto con lo stato attuale.',
    ru: 'Действие противоречит текущему состоянию.',
    tr: 'İşlem mevcut durumla çelişiyor.',
    en: 'This conflicts with the current state.',
  },
  payload_too_large: {
    it: 'La richiesta è troppo grande.',
    ru: 'Запрос слишком большой.',
    tr: 'İstek çok büyük.',
    en: 'The request is too large.',
  },
  too_many_requests: {
    it: 'Troppe richieste: riprovi più tardi.',
    ru: 'Слишком много запросов: повторите попытку позже.',
    tr: 'Çok fazla istek: lütfen daha sonra tekrar deneyin.',
    en: 'Too many requests: please try again later.',
  },
  too_many_requests_from_network: {
    it: 'Troppe richieste dalla Sua rete: riprovi tra un’ora.',
    ru: 'Слишком много запросов из Вашей сети: повторите через час.',
    tr: 'Ağınızdan çok fazla istek geldi: bir saat sonra tekrar deneyin.',
    en: 'Too many requests from your network: try again in an hour.',
  },
  too_many_requests_for_number_range: {
    it: 'Troppi codici inviati a numeri simili a questo: riprovi più tardi.',
    ru: 'Слишком много кодов отправлено на похожие номера: повторите позже.',
    tr: 'Buna benzer numaralara çok fazla kod gönderildi: daha sonra tekrar deneyin.',
    en: 'Too many codes were sent to numbers like this one: try again later.',
  },
  sms_budget_exhausted: {
    it: 'Il servizio SMS è al momento sovraccarico: riprovi più tardi.',
    ru: 'Сервис SMS сейчас перегружен: повторите позже.',
    tr: 'SMS hizmeti şu anda yoğun: daha sonra tekrar deneyin.',
    en: 'The text message service is busy: try again later.',
  },

  // Authorization.
  route_unknown: {
    it: 'Questa operazione non esiste.',
    ru: 'Такой операции нет.',
    tr: 'Böyle bir işlem yok.',
    en: 'This operation does not exist.',
  },
  rule_missing: {
    it: 'Questa operazione non è configurata per essere autorizzata.',
    ru: 'Для этой операции не задано правило доступа.',
    tr: 'Bu işlem için bir yetki kuralı tanımlanmamış.',
    en: 'This operation has no authorization rule.',
  },
  machine_only: {
    it: 'Questa operazione è riservata ai sistemi, non alle persone.',
    ru: 'Эта операция доступна только системам, а не пользователям.',
    tr: 'Bu işlem yalnızca sistemler içindir, kişiler için değil.',
    en: 'This operation is for machine clients, not people.',
  },
  insufficient_scope: {
    it: 'Il token non ha l’ambito necessario per questa operazione.',
    ru: 'У токена нет нужной области доступа для этой операции.',
    tr: 'Belirtecin bu işlem için gereken kapsamı yok.',
    en: 'The token lacks the scope this operation needs.',
  },
  role_not_allowed: {
    it: 'Il Suo ruolo non consente questa operazione.',
    ru: 'Ваша роль не позволяет выполнить это действие.',
    tr: 'Rolünüz bu işleme izin vermiyor.',
    en: 'Your role does not allow this.',
  },
  no_scope: {
    it: 'Al Suo account non è assegnata alcuna istituzione.',
    ru: 'Вашей учётной записи не назначена организация.',
    tr: 'Hesabınıza bir kurum atanmamış.',
    en: 'No institution is assigned to your account.',
  },
  institution_out_of_scope: {
    it: 'Questa istituzione non rientra nel Suo ambito.',
    ru: 'Эта организация вне Вашей зоны ответственности.',
    tr: 'Bu kurum yetki alanınızın dışında.',
    en: 'This institution is outside your scope.',
  },
  operators_only: {
    it: 'Solo gli operatori e i revisori possono cercare per destinatario o per autore.',
    ru: 'Искать по объекту или по исполнителю могут только операторы и аудиторы.',
    tr: 'Hedefe veya kişiye göre yalnızca operatörler ve denetçiler arama yapabilir.',
    en: 'Only operators and auditors query by target or actor.',
  },
  not_self: {
    it: 'Può agire solo sul proprio account.',
    ru: 'Вы можете действовать только со своей учётной записью.',
    tr: 'Yalnızca kendi hesabınız üzerinde işlem yapabilirsiniz.',
    en: 'You may act only on your own account.',
  },
  same_person: {
    it: 'Chi ha presentato la richiesta non può anche approvarla o respingerla.',
    ru: 'Сотрудник, подавший заявку, не может сам её одобрить или отклонить.',
    tr: 'Talebi giren görevli onu onaylayamaz veya reddedemez.',
    en: 'The officer who filed a request cannot approve or reject it.',
  },
  own_operator_role: {
    it: 'Non può revocare il proprio ruolo di operatore.',
    ru: 'Нельзя отозвать собственную роль оператора.',
    tr: 'Kendi operatör rolünüzü geri alamazsınız.',
    en: 'You cannot revoke your own operator role.',
  },
  user_not_found: {
    it: 'Utente non trovato.',
    ru: 'Пользователь не найден.',
    tr: 'Kullanıcı bulunamadı.',
    en: 'The user was not found.',
  },

  // Codes and passwords.
  code_invalid: {
    it: (p) => `Il codice non è corretto${triesLeft('it', { one: 'tentativo rimasto', other: 'tentativi rimasti' }, (n) => ` (${n})`)(p)}.`,
    ru: (p) =>
      `Неверный код${triesLeft('ru', { one: 'попытка', few: 'попытки', many: 'попыток', other: 'попытки' }, (n) => ` (осталось: ${n})`)(p)}.`,
    tr: (p) => `Kod yanlış${triesLeft('tr', { other: 'deneme hakkı' }, (n) => ` (kalan: ${n})`)(p)}.`,
    en: (p) => `The code is not right${triesLeft('en', { one: 'try left', other: 'tries left' }, (n) => ` (${n})`)(p)}.`,
  },
  code_expired: {
    it: 'Il codice è scaduto: ne chieda uno nuovo.',
    ru: 'Срок действия кода истёк: запросите новый.',
    tr: 'Kodun süresi doldu: yeni bir kod isteyin.',
    en: 'The code has expired: ask for a new one.',
  },
  code_used: {
    it: 'Questo codice è già stato usato.',
    ru: 'Этот код уже использован.',
    tr: 'Bu kod zaten kullanıldı.',
    en: 'This code has already been used.',
  },
  too_many_attempts: {
    it: 'Troppi tentativi errati: per ora l’operazione è bloccata. Si rivolga alla Sua scuola.',
    ru: 'Слишком много неверных попыток: действие временно заблокировано. Обратитесь в школу.',
    tr: 'Çok fazla hatalı deneme: işlem şimdilik kilitlendi. Okulunuza başvurun.',
    en: 'Too many wrong tries: this is locked for now. Please ask your school.',
  },
  current_password_invalid: {
    it: 'La password attuale non è corretta.',
    ru: 'Текущий пароль указан неверно.',
    tr: 'Mevcut parola yanlış.',
    en: 'The current password is not correct.',
  },
  password_policy: {
    it: 'La nuova password non rispetta i requisiti (lunghezza e tipi di caratteri).',
    ru: 'Новый пароль не соответствует требованиям (длина и типы символов).',
    tr: 'Yeni parola kurallara uymuyor (uzunluk ve karakter türleri).',
    en: 'The new password does not meet the policy (length and kinds of characters).',
  },
  reset_just_sent: {
    it: 'Una password è appena stata inviata a questo utente: attenda un minuto prima di inviarne un’altra.',
    ru: 'Пароль только что отправлен этому сотруднику: подождите минуту, прежде чем отправлять новый.',
    tr: 'Bu kişiye az önce bir parola gönderildi: yenisini göndermeden önce bir dakika bekleyin.',
    en: 'A password was just sent to this member: wait a minute before sending another.',
  },
  member_not_resettable: {
    it: 'In questo stato l’utente non ha una password da reimpostare.',
    ru: 'В этом состоянии у сотрудника нет пароля, который можно сбросить.',
    tr: 'Bu durumdaki kişinin sıfırlanacak bir parolası yok.',
    en: 'In this state the member has no password to reset.',
  },
  no_account: {
    it: 'L’utente non ha ancora un account di accesso.',
    ru: 'У сотрудника ещё нет учётной записи для входа.',
    tr: 'Bu kişinin henüz bir giriş hesabı yok.',
    en: 'The member has no sign-in account yet.',
  },
  reason_required: {
    it: 'Indichi il motivo di questa operazione (reason).',
    ru: 'Укажите причину этого действия (reason).',
    tr: 'Bu işlemin gerekçesini belirtin (reason).',
    en: 'Say why (reason) for this action.',
  },
  channel_recently_changed: {
    it: 'Il cellulare o l’email registrati sono cambiati da poco: fino alla fine dell’attesa (clearsAt) non vi si invia nulla di riservato, salvo conferma di un operatore.',
    ru: 'Телефон или почта в записи недавно изменены: до конца ожидания (clearsAt) туда не отправляется ничего секретного, если оператор не подтвердит изменение.',
    tr: 'Kayıtlı telefon veya e-posta yakın zamanda değişti: bir operatör onaylamadıkça bekleme süresi (clearsAt) bitene kadar oraya gizli bilgi gönderilmez.',
    en: 'The phone or email on record changed recently: nothing secret is sent to it before the hold ends (clearsAt) unless an operator confirms the change.',
  },
  channel_change_not_held: {
    it: 'Per questo utente non c’è alcun cambio di cellulare o email in attesa di conferma.',
    ru: 'У этого сотрудника нет изменённого телефона или почты, ожидающих подтверждения.',
    tr: 'Bu kişinin onay bekleyen bir telefon veya e-posta değişikliği yok.',
    en: 'No changed phone or alternate email of this member is waiting to be confirmed.',
  },

  // Activation and late requests.
  activation_window_closed: {
    it: 'Il termine per l’attivazione è scaduto: chieda alla Sua scuola di riaprirlo.',
    ru: 'Срок активации истёк: попросите школу продлить его.',
    tr: 'Etkinleştirme süresi doldu: okulunuzdan yeniden açmasını isteyin.',
    en: 'The activation window has closed: ask your school to reopen it.',
  },
  activation_window_not_expired: {
    it: 'Si può riaprire solo un termine di attivazione scaduto.',
    ru: 'Продлить можно только истёкший срок активации.',
    tr: 'Yalnızca süresi dolmuş bir etkinleştirme süresi yeniden açılabilir.',
    en: 'Only an expired activation window can be reopened.',
  },
  already_activated: {
    it: 'Questo account è già attivato.',
    ru: 'Эта учётная запись уже активирована.',
    tr: 'Bu hesap zaten etkinleştirilmiş.',
    en: 'This account is already activated.',
  },
  already_member: {
    it: 'Questa persona è già nel registro del personale.',
    ru: 'Этот человек уже есть в реестре сотрудников.',
    tr: 'Bu kişi zaten personel kaydında.',
    en: 'This person is already on the staff register.',
  },
  request_not_verified: {
    it: 'La richiesta non è ancora stata confermata con il codice SMS.',
    ru: 'Заявка ещё не подтверждена кодом из SMS.',
    tr: 'Talep henüz SMS koduyla doğrulanmadı.',
    en: 'The request has not been confirmed with the SMS code yet.',
  },
  request_already_verified: {
    it: 'La richiesta è già stata confermata.',
    ru: 'Заявка уже подтверждена.',
    tr: 'Talep zaten doğrulandı.',
    en: 'The request has already been confirmed.',
  },
  request_expired: {
    it: 'La richiesta è scaduta.',
    ru: 'Срок действия заявки истёк.',
    tr: 'Talebin süresi doldu.',
    en: 'The request has expired.',
  },
  already_decided: {
    it: 'Su questa richiesta è già stato deciso.',
    ru: 'По этой заявке решение уже принято.',
    tr: 'Bu talep hakkında zaten karar verildi.',
    en: 'This request has already been decided.',
  },
  already_consumed: {
    it: 'Questa richiesta è già stata usata o decisa.',
    ru: 'Эта заявка уже исполнена или по ней принято решение.',
    tr: 'Bu talep zaten kullanıldı veya karara bağlandı.',
    en: 'This request has already been used or decided.',
  },
  late_request_not_found: {
    it: 'Richiesta non trovata.',
    ru: 'Заявка не найдена.',
    tr: 'Talep bulunamadı.',
    en: 'The request was not found.',
  },
  address_taken: {
    it: 'Il nuovo indirizzo appartiene già a un’altra persona.',
    ru: 'Новый адрес уже принадлежит другому сотруднику.',
    tr: 'Yeni adres başka bir kişiye ait.',
    en: 'The new address already belongs to someone else.',
  },

  // Members, resets, imports, lots.
  member_not_found: {
    it: 'Utente non trovato.',
    ru: 'Сотрудник не найден.',
    tr: 'Personel kaydı bulunamadı.',
    en: 'The member was not found.',
  },
  form_already_filed: {
    it: 'Questo numero di modulo è già stato registrato per la Sua istituzione.',
    ru: 'Заявление с этим номером уже зарегистрировано в Вашей организации.',
    tr: 'Bu form numarası kurumunuz için zaten kaydedildi.',
    en: 'This form number has already been filed for your institution.',
  },
  reset_request_not_found: {
    it: 'Richiesta di reimpostazione non trovata.',
    ru: 'Заявка на сброс пароля не найдена.',
    tr: 'Parola sıfırlama talebi bulunamadı.',
    en: 'The reset request was not found.',
  },
  reset_request_closed: {
    it: 'Questa richiesta è chiusa (respinta, scaduta o non riuscita): registri un nuovo modulo.',
    ru: 'Эта заявка закрыта (отклонена, просрочена или не исполнена): оформите новое заявление.',
    tr: 'Bu talep kapandı (reddedildi, süresi doldu veya başarısız oldu): yeni bir form kaydedin.',
    en: 'This request is closed (rejected, expired or failed): file a new form.',
  },
  form_scan_already_attached: {
    it: 'La scansione del modulo di questa richiesta è già confermata e non si sostituisce.',
    ru: 'Скан заявления по этой заявке уже подтверждён и не заменяется.',
    tr: 'Bu talebin form taraması zaten onaylandı; değiştirilemez.',
    en: 'This request’s form scan is already confirmed; it is never replaced.',
  },
  form_scan_upload_missing: {
    it: 'La scansione del modulo non è ancora stata caricata.',
    ru: 'Скан заявления ещё не загружен.',
    tr: 'Form taraması henüz yüklenmedi.',
    en: 'The form scan has not been uploaded yet.',
  },
  form_scan_too_large: {
    it: 'La scansione supera i 10 MB: la carichi a una risoluzione più bassa.',
    ru: 'Скан больше 10 МБ: загрузите его в меньшем разрешении.',
    tr: 'Tarama 10 MB sınırını aşıyor: daha düşük çözünürlükte yükleyin.',
    en: 'The scan is over 10 MB: upload it at a lower resolution.',
  },
  form_scan_type_unsupported: {
    it: 'La scansione deve essere un file PDF, PNG o JPEG.',
    ru: 'Скан должен быть файлом PDF, PNG или JPEG.',
    tr: 'Tarama PDF, PNG veya JPEG dosyası olmalıdır.',
    en: 'The scan must be a PDF, PNG or JPEG file.',
  },
  form_scan_not_found: {
    it: 'Per questa richiesta non c’è una scansione del modulo.',
    ru: 'У этой заявки нет скана заявления.',
    tr: 'Bu talebin form taraması yok.',
    en: 'This request has no form scan.',
  },
  form_scan_changed: {
    it: 'Il file conservato non è la scansione confermata: il responsabile lo verifichi.',
    ru: 'Сохранённый файл не совпадает с подтверждённым сканом: сообщите ответственному сотруднику.',
    tr: 'Saklanan dosya onaylanan tarama değil: sorumlu görevliye bildirin.',
    en: 'The stored file is not the scan that was confirmed: tell the officer in charge.',
  },
  form_scan_required: {
    it: 'Prima dell’approvazione occorre caricare la scansione del modulo firmato.',
    ru: 'Перед одобрением нужно загрузить скан подписанного заявления.',
    tr: 'Onaydan önce imzalı formun taraması yüklenmelidir.',
    en: 'The signed form’s scan must be uploaded before the request is approved.',
  },
  import_not_found: {
    it: 'Importazione non trovata.',
    ru: 'Загрузка не найдена.',
    tr: 'İçe aktarma bulunamadı.',
    en: 'The import was not found.',
  },
  import_already_started: {
    it: 'Questa importazione è già stata avviata.',
    ru: 'Эта загрузка уже запущена.',
    tr: 'Bu içe aktarma zaten başlatıldı.',
    en: 'This import has already been started.',
  },
  upload_missing: {
    it: 'Per questa importazione non è ancora stato caricato alcun file.',
    ru: 'Для этой загрузки ещё не передан файл.',
    tr: 'Bu içe aktarma için henüz dosya yüklenmedi.',
    en: 'Nothing has been uploaded for this import yet.',
  },
  file_too_large: {
    it: 'Il file supera il limite: lo divida in più file.',
    ru: 'Файл превышает допустимый размер: разделите его на несколько.',
    tr: 'Dosya sınırı aşıyor: birkaç dosyaya bölün.',
    en: 'The file is over the limit: split it.',
  },
  lot_not_found: {
    it: 'Lotto non trovato.',
    ru: 'Партия не найдена.',
    tr: 'Grup bulunamadı.',
    en: 'The lot was not found.',
  },
  lot_not_scheduled: {
    it: 'Il lotto non è più programmato: non si può modificare.',
    ru: 'Партия уже не запланирована: изменить её нельзя.',
    tr: 'Grup artık planlı değil: değiştirilemez.',
    en: 'The lot is no longer scheduled: it cannot be changed.',
  },
  range_too_long: {
    it: 'L’intervallo di date è troppo lungo: lo restringa.',
    ru: 'Слишком длинный период: сократите его.',
    tr: 'Tarih aralığı çok uzun: daraltın.',
    en: 'The date range is too long: narrow it.',
  },
  institution_changed: {
    it: 'L’istituzione è stata modificata da qualcun altro nello stesso momento: riprovi.',
    ru: 'Организацию одновременно изменил кто-то другой: повторите попытку.',
    tr: 'Kurum aynı anda başka biri tarafından değiştirildi: tekrar deneyin.',
    en: 'Someone else changed the institution at the same time: try again.',
  },

  // Forwarding, groups, shared mailboxes.
  forwarding_not_found: {
    it: 'Nessun inoltro attivo per questo indirizzo.',
    ru: 'Для этого адреса нет действующей пересылки.',
    tr: 'Bu adres için etkin bir yönlendirme yok.',
    en: 'There is no open forwarding for this address.',
  },
  forwarding_not_offered: {
    it: 'Questa installazione non prevede l’inoltro dai vecchi indirizzi.',
    ru: 'В этой системе пересылка со старых адресов не предусмотрена.',
    tr: 'Bu kurulumda eski adreslerden yönlendirme yok.',
    en: 'This deployment offers no forwarding from old addresses.',
  },
  group_not_found: {
    it: 'Lista di distribuzione non trovata.',
    ru: 'Список рассылки не найден.',
    tr: 'Dağıtım listesi bulunamadı.',
    en: 'The mailing list was not found.',
  },
  not_a_member: {
    it: 'Questa persona non è nella lista.',
    ru: 'Этого человека нет в списке.',
    tr: 'Bu kişi listede değil.',
    en: 'This person is not on the list.',
  },
  not_staff_member: {
    it: 'Il Suo account non è nel registro del personale.',
    ru: 'Вашей учётной записи нет в реестре сотрудников.',
    tr: 'Hesabınız personel kaydında değil.',
    en: 'Your account is not on the staff register.',
  },
  join_request_not_found: {
    it: 'Richiesta di adesione non trovata.',
    ru: 'Заявка на вступление не найдена.',
    tr: 'Katılma talebi bulunamadı.',
    en: 'The request to join was not found.',
  },
  join_request_pending: {
    it: 'Una richiesta di adesione è già in attesa.',
    ru: 'Заявка на вступление уже ожидает решения.',
    tr: 'Bir katılma talebi zaten beklemede.',
    en: 'A request to join is already waiting.',
  },
  shared_mailbox_not_found: {
    it: 'Casella condivisa non trovata.',
    ru: 'Общий ящик не найден.',
    tr: 'Ortak posta kutusu bulunamadı.',
    en: 'The shared mailbox was not found.',
  },
  shared_mailbox_exists: {
    it: 'Questa casella condivisa è già registrata.',
    ru: 'Этот общий ящик уже зарегистрирован.',
    tr: 'Bu ortak posta kutusu zaten kayıtlı.',
    en: 'This shared mailbox is already registered.',
  },
  concurrent_change: {
    it: 'Qualcun altro ha modificato questo elemento nel frattempo: lo rilegga.',
    ru: 'Кто-то изменил это одновременно с Вами: загрузите данные заново.',
    tr: 'Bu kayıt bu arada başka biri tarafından değiştirildi: yeniden okuyun.',
    en: 'Someone else changed this meanwhile: read it again.',
  },

  // Second factor, resuming stalled work, institution mailboxes, the alternate email.
  mfa_required: {
    it: 'Questo ruolo richiede un secondo fattore: configuri un’app di autenticazione (TOTP) per il Suo account, poi effettui di nuovo l’accesso.',
    ru: 'Для этой роли нужен второй фактор: подключите приложение-аутентификатор (TOTP) к своей учётной записи и войдите заново.',
    tr: 'Bu rol ikinci bir doğrulama adımı gerektirir: hesabınız için bir doğrulama uygulaması (TOTP) kurun, sonra yeniden giriş yapın.',
    en: 'This role needs a second factor: set up an authenticator app (TOTP) for your account, then sign in again.',
  },
  import_not_resumable: {
    it: 'Si può riprendere solo un’importazione in coda o in corso.',
    ru: 'Возобновить можно только загрузку, которая ждёт в очереди или выполняется.',
    tr: 'Yalnızca sırada bekleyen ya da süren bir içe aktarma sürdürülebilir.',
    en: 'Only a queued or running import can be resumed.',
  },
  chunk_dead_lettered: {
    it: 'Alcune righe non sono ancora state scritte: saranno riprovate da sole quando il servizio tornerà disponibile, o quando un operatore riprenderà l’importazione.',
    ru: 'Часть строк пока не записана: они будут записаны повторно сами, когда сервис восстановится, или когда оператор возобновит загрузку.',
    tr: 'Bazı satırlar henüz yazılamadı: hizmet düzeldiğinde ya da bir operatör içe aktarmayı sürdürdüğünde kendiliğinden yeniden denenecek.',
    en: 'Some rows could not be written yet: they are retried by themselves once the service is healthy, or when an operator resumes the import.',
  },
  text_required: {
    it: 'Il testo nella lingua predefinita è obbligatorio.',
    ru: 'Текст на языке по умолчанию обязателен.',
    tr: 'Varsayılan dildeki metin zorunludur.',
    en: 'The text in the default language is required.',
  },
  placeholder_unknown: {
    it: 'Si possono usare solo i campi {{givenName}}, {{familyName}}, {{login}} e {{institutionCode}}.',
    ru: 'Можно использовать только поля {{givenName}}, {{familyName}}, {{login}} и {{institutionCode}}.',
    tr: 'Yalnızca {{givenName}}, {{familyName}}, {{login}} ve {{institutionCode}} alanları kullanılabilir.',
    en: 'Only {{givenName}}, {{familyName}}, {{login}} and {{institutionCode}} can be filled in.',
  },
  sms_too_long: {
    it: 'Il testo dell’SMS è troppo lungo: occupa più parti di quelle consentite.',
    ru: 'Текст SMS слишком длинный: он занимает больше частей, чем разрешено.',
    tr: 'SMS metni çok uzun: izin verilenden fazla parçaya bölünüyor.',
    en: 'The SMS text is too long: it takes more parts than allowed.',
  },
  selection_empty: {
    it: 'Nessuna persona rientra in questa selezione.',
    ru: 'В эту выборку не попал ни один сотрудник.',
    tr: 'Bu seçime kimse girmiyor.',
    en: 'Nobody is in this selection.',
  },
  member_not_selected: {
    it: 'Questa persona non è tra i destinatari del messaggio.',
    ru: 'Этот сотрудник не входит в число получателей сообщения.',
    tr: 'Bu kişi iletinin alıcıları arasında değil.',
    en: 'This person is not among the message’s recipients.',
  },
  send_at_past: {
    it: 'La data di invio è già passata.',
    ru: 'Время отправки уже прошло.',
    tr: 'Gönderim zamanı geçmiş.',
    en: 'The sending time is in the past.',
  },
  late_request_status_unknown: {
    it: 'Nessuna richiesta corrisponde a questo codice di stato: potrebbe essere scaduto. Invia una nuova richiesta.',
    ru: 'Этому коду статуса не соответствует ни один запрос: возможно, срок его действия истёк. Отправьте новый запрос.',
    tr: 'Bu durum koduna karşılık gelen bir istek yok; süresi dolmuş olabilir. Yeni bir istek gönderin.',
    en: 'No request matches this status token: it may have expired. Send a new request.',
  },
  message_not_found: {
    it: 'Messaggio non trovato.',
    ru: 'Сообщение не найдено.',
    tr: 'İleti bulunamadı.',
    en: 'Message not found.',
  },
  message_not_draft: {
    it: 'Si può inviare solo un messaggio in bozza.',
    ru: 'Отправить можно только черновик сообщения.',
    tr: 'Yalnızca taslak durumundaki bir ileti gönderilebilir.',
    en: 'Only a draft can be sent.',
  },
  message_not_awaiting_approval: {
    it: 'Questo messaggio non è in attesa di approvazione.',
    ru: 'Это сообщение не ожидает утверждения.',
    tr: 'Bu ileti onay beklemiyor.',
    en: 'This message is not waiting for approval.',
  },
  message_not_cancellable: {
    it: 'Si può annullare solo un messaggio il cui invio non è ancora iniziato.',
    ru: 'Отменить можно только сообщение, рассылка которого ещё не началась.',
    tr: 'Yalnızca gönderimi henüz başlamamış bir ileti iptal edilebilir.',
    en: 'Only a message whose sending has not begun can be cancelled.',
  },
  lot_not_resumable: {
    it: 'Si può riprendere solo un lotto in fase di avvio.',
    ru: 'Возобновить можно только партию, которая сейчас запускается.',
    tr: 'Yalnızca başlatılmakta olan bir grup sürdürülebilir.',
    en: 'Only a launching lot can be resumed.',
  },
  lot_complete: {
    it: 'Per ogni persona di questo lotto l’avvio è già concluso.',
    ru: 'Запуск этой партии уже завершён для каждого сотрудника.',
    tr: 'Bu gruptaki herkes için başlatma zaten tamamlandı.',
    en: 'Every member of this lot has already reached the end of the launch.',
  },
  lot_changed: {
    it: 'Il lotto è cambiato nel frattempo: riprovi.',
    ru: 'Партия тем временем изменилась: повторите попытку.',
    tr: 'Grup bu arada değişti: tekrar deneyin.',
    en: 'The lot changed meanwhile: try again.',
  },
  institution_mailbox_not_found: {
    it: 'Casella dell’istituzione non trovata.',
    ru: 'Служебный ящик организации не найден.',
    tr: 'Kurum e-posta hesabı bulunamadı.',
    en: 'The institution mailbox was not found.',
  },
  address_domain: {
    it: 'La casella di un’istituzione deve essere un indirizzo del dominio di posta del ministero.',
    ru: 'Служебный ящик организации должен быть адресом почтового домена министерства.',
    tr: 'Kurum e-posta hesabı, bakanlığın e-posta alan adında bir adres olmalıdır.',
    en: 'An institution mailbox must be an address of the ministry’s mail domain.',
  },
  responsible_not_member: {
    it: 'Il responsabile deve essere un dipendente dell’istituzione della casella, con un cellulare registrato.',
    ru: 'Ответственным может быть только сотрудник организации этого ящика с мобильным телефоном в реестре.',
    tr: 'Sorumlu kişi, hesabın kurumunda çalışan ve kayıtlı bir cep telefonu olan biri olmalıdır.',
    en: 'The responsible person must be a staff member of the mailbox’s institution with a mobile phone on record.',
  },
  already_responsible: {
    it: 'Questa persona è già responsabile della casella.',
    ru: 'Этот человек уже отвечает за ящик.',
    tr: 'Bu kişi zaten hesabın sorumlusu.',
    en: 'This person is already responsible for the mailbox.',
  },
  responsible_change_not_found: {
    it: 'Richiesta di cambio del responsabile non trovata.',
    ru: 'Заявка на смену ответственного не найдена.',
    tr: 'Sorumlu değişikliği talebi bulunamadı.',
    en: 'The change of responsible person was not found.',
  },
  responsible_changed: {
    it: 'Il responsabile della casella è cambiato dopo questa richiesta: la respinga.',
    ru: 'Ответственный за ящик сменился после этой заявки: отклоните её.',
    tr: 'Hesabın sorumlusu bu talepten sonra değişti: talebi reddedin.',
    en: 'The mailbox’s responsible person changed since this request was filed: reject it.',
  },
  responsible_unavailable: {
    it: 'Il responsabile di questa casella non è più nel personale della sua istituzione: cambi prima il responsabile.',
    ru: 'Ответственный за этот ящик больше не работает в его организации: сначала смените ответственного.',
    tr: 'Bu hesabın sorumlusu artık kurumunun personeli değil: önce sorumluyu değiştirin.',
    en: 'The person responsible for this mailbox is no longer on its institution’s staff: change the responsible person first.',
  },
  not_staff: {
    it: 'Solo la casella personale di un dipendente ha questa impostazione.',
    ru: 'Эта настройка есть только у личного ящика сотрудника.',
    tr: 'Bu ayar yalnızca bir personelin kendi posta kutusunda bulunur.',
    en: 'Only a staff member’s own mailbox has this setting.',
  },
  alternate_email_already_verified: {
    it: 'Questo indirizzo è già la Sua email alternativa confermata.',
    ru: 'Этот адрес уже подтверждён как Ваш дополнительный адрес.',
    tr: 'Bu adres zaten onaylanmış yedek e-posta adresiniz.',
    en: 'This address is already your confirmed alternate email.',
  },
  alternate_email_not_pending: {
    it: 'Nessun indirizzo è in attesa di un codice: aggiunga prima l’indirizzo.',
    ru: 'Нет адреса, ожидающего код: сначала добавьте адрес.',
    tr: 'Kod bekleyen bir adres yok: önce adresi ekleyin.',
    en: 'No address is waiting for a code: add the address first.',
  },
  alternate_email_changed: {
    it: 'L’indirizzo è stato cambiato nel frattempo, forse in un’altra finestra: ricominci.',
    ru: 'Адрес тем временем изменили, возможно, в другом окне: начните заново.',
    tr: 'Adres bu arada, belki başka bir pencerede, değiştirildi: yeniden başlayın.',
    en: 'The address was changed meanwhile, perhaps in another window: start again.',
  },

  // Field problems: the `code` of each entry under `errors` (a 400 `validation_failed`), and of
  // each problem of an import's rows. Told per entry as its `detail`.
  institution_required: {
    it: 'Indichi l’istituzione (institutionCode) per cui vale la richiesta.',
    ru: 'Укажите организацию (institutionCode), к которой относится запрос.',
    tr: 'İsteğin hangi kurum için olduğunu belirtin (institutionCode).',
    en: 'Name the institution (institutionCode) this request is for.',
  },
  institution_unknown: {
    it: 'Nessuna istituzione registrata ha questo codice.',
    ru: 'Организация с таким кодом не зарегистрирована.',
    tr: 'Bu kodla kayıtlı bir kurum yok.',
    en: 'No registered institution has this code.',
  },
  institution_code_format: {
    it: 'Non è un codice di istituzione di questo ministero.',
    ru: 'Это не код организации этого ведомства.',
    tr: 'Bu, bakanlığın bir kurum kodu değil.',
    en: 'This is not an institution code of this ministry.',
  },
  member_in_other_institution: {
    it: 'Questo codice identificativo appartiene a un utente di un’altra istituzione: solo un operatore può spostarlo.',
    ru: 'Этот идентификационный номер принадлежит сотруднику другой организации: перевести его может только оператор.',
    tr: 'Bu kimlik numarası başka bir kurumun personeline ait: kurumlar arasında yalnızca bir operatör taşıyabilir.',
    en: 'This national ID belongs to a member of another institution: only an operator can move a member between institutions.',
  },
  old_address_changed: {
    it: 'L’utente ha già una casella creata dal vecchio indirizzo registrato: un’importazione non la rinomina.',
    ru: 'У сотрудника уже есть ящик, созданный по прежнему старому адресу: загрузка его не переименовывает.',
    tr: 'Kişinin kayıtlı eski adresten oluşturulmuş bir posta kutusu zaten var: içe aktarma onu yeniden adlandırmaz.',
    en: 'The member already has a mailbox made from the old address on record: an import does not rename it.',
  },
  required: {
    it: 'Campo obbligatorio.',
    ru: 'Обязательное поле.',
    tr: 'Bu alan zorunludur.',
    en: 'This field is required.',
  },
  too_long: {
    it: 'Il valore è troppo lungo.',
    ru: 'Слишком длинное значение.',
    tr: 'Değer çok uzun.',
    en: 'The value is too long.',
  },
  type_invalid: {
    it: 'Il valore deve essere un testo.',
    ru: 'Значение должно быть текстом.',
    tr: 'Değer metin olmalıdır.',
    en: 'The value must be text.',
  },
  name_unsafe_characters: {
    it: 'Il testo contiene caratteri di controllo, che invertono la direzione o invisibili: li tolga.',
    ru: 'Текст содержит управляющие, меняющие направление или невидимые символы: удалите их.',
    tr: 'Metin kontrol, yön değiştiren veya görünmez karakterler içeriyor: bunları kaldırın.',
    en: 'The text holds control, direction-changing or invisible characters: remove them.',
  },
  email_invalid: {
    it: 'Non è un indirizzo email valido.',
    ru: 'Это неверный адрес электронной почты.',
    tr: 'Geçerli bir e-posta adresi değil.',
    en: 'This is not a valid email address.',
  },
  national_id_format: {
    it: 'Il codice identificativo non ha il formato previsto.',
    ru: 'Идентификационный номер имеет неверный формат.',
    tr: 'Kimlik numarası beklenen biçimde değil.',
    en: 'The national ID does not have the expected format.',
  },
  national_id_checksum: {
    it: 'Il carattere di controllo del codice identificativo non corrisponde: lo ricontrolli.',
    ru: 'Контрольное число идентификационного номера не совпадает: проверьте номер.',
    tr: 'Kimlik numarasının kontrol basamakları tutmuyor: numarayı kontrol edin.',
    en: 'The check digits of the national ID do not match: check the number.',
  },
  national_id_birth_date: {
    it: 'La data di nascita nel codice fiscale non è una data valida.',
    ru: 'Дата рождения в codice fiscale недействительна.',
    tr: 'Codice fiscale içindeki doğum tarihi geçerli değil.',
    en: 'The birth date in the codice fiscale is not a valid date.',
  },
  phone_invalid: {
    it: 'Il numero di telefono non è valido.',
    ru: 'Неверный номер телефона.',
    tr: 'Telefon numarası geçerli değil.',
    en: 'The phone number is not valid.',
  },
  phone_not_mobile: {
    it: 'Serve un numero di cellulare che possa ricevere SMS.',
    ru: 'Нужен номер мобильного телефона, принимающего SMS.',
    tr: 'SMS alabilen bir cep telefonu numarası gerekiyor.',
    en: 'A mobile number that can receive text messages is needed.',
  },
  phone_country_not_allowed: {
    it: 'I codici si inviano solo ai cellulari dei paesi di questo servizio.',
    ru: 'Коды отправляются только на мобильные номера стран этого сервиса.',
    tr: 'Kodlar yalnızca bu hizmetin ülkelerindeki cep telefonlarına gönderilir.',
    en: 'Codes are sent only to mobile numbers of this service’s countries.',
  },
  category_invalid: {
    it: 'Categoria di personale sconosciuta: usi una di quelle del formato di importazione.',
    ru: 'Неизвестная категория сотрудника: укажите одну из категорий формата загрузки.',
    tr: 'Bilinmeyen personel kategorisi: içe aktarma biçimindekilerden birini kullanın.',
    en: 'Unknown staff category: use one of the import format’s categories.',
  },
  locale_invalid: {
    it: 'Lingua non riconosciuta: usi it, ru, tr o en (o un tag come it-IT).',
    ru: 'Язык не распознан: укажите it, ru, tr или en (или тег вида ru-RU).',
    tr: 'Dil tanınmadı: it, ru, tr veya en (ya da tr-TR gibi bir etiket) kullanın.',
    en: 'Unknown language: use it, ru, tr or en (or a tag such as en-GB).',
  },
  address_unbuildable: {
    it: 'Da questo nome non si può costruire un indirizzo: lo scriva in lettere latine, come nei documenti della persona, o indichi il vecchio indirizzo se c’è.',
    ru: 'Из этого имени нельзя составить адрес: запишите его кириллицей или латиницей, как в документах сотрудника, или укажите старый адрес, если он есть.',
    tr: 'Bu isimden bir adres oluşturulamıyor: ismi kişinin belgelerindeki gibi Latin harfleriyle yazın ya da varsa eski adresi belirtin.',
    en: 'No mailbox name can be built from this name: write it in Latin (or Cyrillic) letters as in the person’s documents, or give the old address where there is one.',
  },
  old_address_domain: {
    it: 'Il vecchio indirizzo non è sul dominio di posta precedente.',
    ru: 'Старый адрес не принадлежит прежнему почтовому домену.',
    tr: 'Eski adres eski posta alan adında değil.',
    en: 'The old address is not on the old mail domain.',
  },
  alternate_email_domain: {
    it: 'L’email alternativa deve essere fuori dai domini di posta del ministero.',
    ru: 'Дополнительная почта должна быть вне почтовых доменов ведомства.',
    tr: 'Alternatif e-posta, bakanlığın posta alan adları dışında olmalıdır.',
    en: 'The alternate email must be outside the ministry’s mail domains.',
  },
  duplicate_field: {
    it: 'Due chiavi indicano lo stesso campo.',
    ru: 'Два ключа обозначают одно и то же поле.',
    tr: 'İki anahtar aynı alanı belirtiyor.',
    en: 'Two keys stand for the same field.',
  },
  duplicate_in_file: {
    it: 'Lo stesso valore compare in un’altra riga del file.',
    ru: 'То же значение уже есть в другой строке файла.',
    tr: 'Aynı değer dosyanın başka bir satırında da var.',
    en: 'The same value is on another row of the file.',
  },
  row_invalid: {
    it: 'La riga non è valida.',
    ru: 'Строка заполнена неверно.',
    tr: 'Satır geçerli değil.',
    en: 'The row is not valid.',
  },
  region_invalid: {
    it: 'La regione ha da 1 a 40 lettere, cifre, trattini bassi o trattini.',
    ru: 'Регион: от 1 до 40 букв, цифр, подчёркиваний или дефисов.',
    tr: 'Bölge 1 ile 40 arasında harf, rakam, alt çizgi veya tireden oluşur.',
    en: 'A region is 1 to 40 letters, digits, underscores or hyphens.',
  },
  csv_empty: {
    it: 'Il file non ha una riga di intestazione.',
    ru: 'В файле нет строки заголовков.',
    tr: 'Dosyada başlık satırı yok.',
    en: 'The file has no header line.',
  },
  csv_missing_column: {
    it: 'Manca una colonna obbligatoria.',
    ru: 'Нет обязательного столбца.',
    tr: 'Zorunlu bir sütun eksik.',
    en: 'A required column is missing.',
  },
  csv_duplicate_column: {
    it: 'Due colonne indicano lo stesso campo.',
    ru: 'Два столбца обозначают одно и то же поле.',
    tr: 'İki sütun aynı alanı belirtiyor.',
    en: 'Two columns stand for the same field.',
  },
  csv_field_count: {
    it: 'La riga ha un numero di campi diverso dall’intestazione.',
    ru: 'Число полей в строке не совпадает с заголовком.',
    tr: 'Satırdaki alan sayısı başlıktakinden farklı.',
    en: 'The row has a different number of fields than the header.',
  },
  csv_unterminated_quote: {
    it: 'Un campo tra virgolette non viene mai chiuso.',
    ru: 'Поле в кавычках не закрыто.',
    tr: 'Tırnak içindeki bir alan hiç kapanmıyor.',
    en: 'A quoted field is never closed.',
  },
  csv_field_too_long: {
    it: 'Un campo è troppo lungo: forse manca una virgoletta di chiusura.',
    ru: 'Поле слишком длинное: возможно, не закрыта кавычка.',
    tr: 'Bir alan çok uzun: belki bir tırnak kapatılmamış.',
    en: 'A field is too long: perhaps a quote was left open.',
  },
  json_malformed: {
    it: 'Il file non è un JSON valido.',
    ru: 'Файл не является корректным JSON.',
    tr: 'Dosya geçerli bir JSON değil.',
    en: 'The file is not valid JSON.',
  },
  json_not_array: {
    it: 'Il documento JSON deve essere un elenco (array) di righe.',
    ru: 'Документ JSON должен быть массивом строк.',
    tr: 'JSON belgesi satırlardan oluşan bir dizi olmalıdır.',
    en: 'The JSON document must be an array of rows.',
  },
  json_row_not_object: {
    it: 'Ogni riga deve essere un oggetto JSON.',
    ru: 'Каждая строка должна быть объектом JSON.',
    tr: 'Her satır bir JSON nesnesi olmalıdır.',
    en: 'Each row must be a JSON object.',
  },
  too_many_rows: {
    it: 'Il file ha troppe righe: lo divida.',
    ru: 'В файле слишком много строк: разделите его.',
    tr: 'Dosyada çok fazla satır var: bölün.',
    en: 'The file has too many rows: split it.',
  },
  encoding_invalid: {
    it: 'Il file non si legge nella codifica indicata o rilevata.',
    ru: 'Файл не читается в указанной или определённой кодировке.',
    tr: 'Dosya belirtilen veya algılanan kodlamayla okunamıyor.',
    en: 'The file does not decode in the given or detected encoding.',
  },
  file_unreadable: {
    it: 'Il file non si può leggere.',
    ru: 'Файл не удаётся прочитать.',
    tr: 'Dosya okunamıyor.',
    en: 'The file cannot be read.',
  },
  cursor_invalid: {
    it: 'Il cursore non è uno restituito da questa API.',
    ru: 'Этот курсор выдан не этим API.',
    tr: 'Bu imleç bu API tarafından verilmedi.',
    en: 'The cursor is not one this API returned.',
  },
  query_too_short: {
    it: 'Scriva almeno 2 lettere del nome.',
    ru: 'Введите не меньше 2 букв имени.',
    tr: 'Adın en az 2 harfini yazın.',
    en: 'Give at least 2 letters of a name.',
  },
  scope_mismatch: {
    it: 'Questo ruolo non si assegna così (istituzione o ambito di supporto).',
    ru: 'Эта роль назначается иначе (организация или зона поддержки).',
    tr: 'Bu rol bu şekilde atanmaz (kurum veya destek kapsamı).',
    en: 'This role is not granted that way (institution or support scope).',
  },
  one_subject_required: {
    it: 'Indichi esattamente uno tra target, actor e institution.',
    ru: 'Укажите ровно один из параметров: target, actor или institution.',
    tr: 'target, actor ve institution değerlerinden tam olarak birini verin.',
    en: 'Give exactly one of target, actor and institution.',
  },
  range_invalid: {
    it: 'L’inizio (from) deve precedere la fine (to).',
    ru: 'Начало (from) должно быть раньше конца (to).',
    tr: 'Başlangıç (from) bitişten (to) önce olmalıdır.',
    en: 'The start (from) must be before the end (to).',
  },
  day_invalid: {
    it: 'Indichi un giorno di calendario (AAAA-MM-GG).',
    ru: 'Укажите календарный день (ГГГГ-ММ-ДД).',
    tr: 'Bir takvim günü verin (YYYY-AA-GG).',
    en: 'Give a calendar day (YYYY-MM-DD).',
  },
  date_in_future: {
    it: 'Il modulo non può essere firmato in una data futura.',
    ru: 'Заявление не может быть подписано будущей датой.',
    tr: 'Form ileri bir tarihte imzalanmış olamaz.',
    en: 'The form cannot be signed in the future.',
  },
  launch_in_past: {
    it: 'La data di avvio deve essere nel futuro.',
    ru: 'Дата запуска должна быть в будущем.',
    tr: 'Başlatma zamanı gelecekte olmalıdır.',
    en: 'The launch time must be in the future.',
  },
  member_ref_invalid: {
    it: 'Indichi l’id di un utente o l’indirizzo di un membro del personale.',
    ru: 'Укажите идентификатор сотрудника или его служебный адрес.',
    tr: 'Bir personel kimliği veya personel adresi verin.',
    en: 'Give a member id or a staff member’s address.',
  },

  // What the request schemas (zod) answer for a field, by the code.
  invalid_type: {
    it: 'Il valore manca o non è del tipo atteso.',
    ru: 'Значение отсутствует или имеет неверный тип.',
    tr: 'Değer eksik veya beklenen türde değil.',
    en: 'The value is missing or not of the expected type.',
  },
  too_small: {
    it: 'Il valore è troppo corto o troppo piccolo.',
    ru: 'Значение слишком короткое или слишком маленькое.',
    tr: 'Değer çok kısa veya çok küçük.',
    en: 'The value is too short or too small.',
  },
  too_big: {
    it: 'Il valore è troppo lungo o troppo grande.',
    ru: 'Значение слишком длинное или слишком большое.',
    tr: 'Değer çok uzun veya çok büyük.',
    en: 'The value is too long or too large.',
  },
  invalid_format: {
    it: 'Il valore non ha il formato previsto.',
    ru: 'Значение имеет неверный формат.',
    tr: 'Değer beklenen biçimde değil.',
    en: 'The value does not have the expected format.',
  },
  invalid_value: {
    it: 'Il valore non è tra quelli ammessi.',
    ru: 'Недопустимое значение.',
    tr: 'Değer izin verilenlerden biri değil.',
    en: 'The value is not one of those allowed.',
  },
  invalid_union: {
    it: 'Il valore non corrisponde a nessuna delle forme ammesse.',
    ru: 'Значение не подходит ни под один допустимый вариант.',
    tr: 'Değer izin verilen biçimlerin hiçbirine uymuyor.',
    en: 'The value matches none of the allowed shapes.',
  },
  unrecognized_keys: {
    it: 'La richiesta contiene campi sconosciuti.',
    ru: 'В запросе есть неизвестные поля.',
    tr: 'İstekte bilinmeyen alanlar var.',
    en: 'The request holds fields this API does not know.',
  },
  custom: {
    it: 'Il valore non è valido.',
    ru: 'Значение недопустимо.',
    tr: 'Değer geçerli değil.',
    en: 'The value is not valid.',
  },
} as const satisfies Record<string, Texts>;

/** Every code a problem answer may carry (a `DomainError` takes nothing else). */
export type ProblemCode = keyof typeof PROBLEM_TEXTS;

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEM_TEXTS, code);

/** The `detail` text of a code in a locale, with the error's values; undefined for a code without texts. */
export function problemDetail(code: string, locale: Locale, params: ProblemParams = {}): string | undefined {
  if (!isProblemCode(code)) return undefined;
  const text: Text = PROBLEM_TEXTS[code][locale];
  return typeof text === 'function' ? text(params) : text;
}

/**
 * The locale an `Accept-Language` header prefers among the API's (it, ru, tr, en), by quality
 * (RFC 9110 §12.5.4): `ru-RU,ru;q=0.9,en;q=0.8` → ru. A range matches by its primary subtag;
 * `*` or no header → English.
 */
export function preferredLocale(header: string | undefined): Locale {
  const ranges = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.primary !== '' && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranges) if ((LOCALES as readonly string[]).includes(r.primary)) return r.primary as Locale;
  return 'en';
}
