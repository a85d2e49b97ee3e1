import type { Catalog } from '../../i18n/format';

/**
 * Texts every desk shares (tables, loading, errors, downloads), under `desk.*`. Loaded with the
 * first desk a user opens, never with the staff entry.
 */
const en = {
  desk: {
    loading: 'Loading…',
    empty: 'Nothing here yet.',
    noMatch: 'Nothing matches the filter.',
    loadMore: 'Load more',
    loadedCount: { one: '{count} row shown', other: '{count} rows shown' },
    filter: 'Filter the rows shown',
    clearFilter: 'Clear filter',
    refresh: 'Refresh',
    retry: 'Try again',
    download: 'Download CSV',
    downloading: 'Preparing the file…',
    forbiddenTitle: 'You do not have access to this',
    forbiddenText: 'Your roles do not allow this page or action. Ask an operator if you need it.',
    notFoundTitle: 'Not found',
    invalidTitle: 'Check what you entered',
    errorTitle: 'Something went wrong',
    networkText: 'The service cannot be reached. Check your connection and try again.',
    serverText: 'The service could not complete this. Try again; if it keeps failing, give the helpdesk this reference: {reference}',
    fieldProblem: '{field}: {problem}',
    saved: 'Saved.',
    cancel: 'Cancel',
    confirm: 'Confirm',
    close: 'Close',
    actions: 'Actions',
    institution: 'Institution',
    chooseInstitution: 'Choose an institution',
  },
};

type Messages = Catalog<typeof en>;

const it: Messages = {
  desk: {
    loading: 'Caricamento…',
    empty: 'Ancora nessun elemento.',
    noMatch: 'Nessun elemento corrisponde al filtro.',
    loadMore: 'Carica altri',
    loadedCount: { one: '{count} riga mostrata', other: '{count} righe mostrate' },
    filter: 'Filtra le righe mostrate',
    clearFilter: 'Cancella filtro',
    refresh: 'Aggiorna',
    retry: 'Riprova',
    download: 'Scarica CSV',
    downloading: 'Preparazione del file…',
    forbiddenTitle: 'Non hai accesso a questa funzione',
    forbiddenText: 'I tuoi ruoli non consentono questa pagina o azione. Se ti serve, chiedi a un operatore.',
    notFoundTitle: 'Non trovato',
    invalidTitle: 'Controlla i dati inseriti',
    errorTitle: 'Si è verificato un problema',
    networkText: 'Il servizio non è raggiungibile. Controlla la connessione e riprova.',
    serverText:
      "Il servizio non ha potuto completare l'operazione. Riprova; se continua, comunica all'assistenza questo riferimento: {reference}",
    fieldProblem: '{field}: {problem}',
    saved: 'Salvato.',
    cancel: 'Annulla',
    confirm: 'Conferma',
    close: 'Chiudi',
    actions: 'Azioni',
    institution: 'Istituzione',
    chooseInstitution: "Scegli un'istituzione",
  },
};

const ru: Messages = {
  desk: {
    loading: 'Загрузка…',
    empty: 'Здесь пока ничего нет.',
    noMatch: 'Ничего не соответствует фильтру.',
    loadMore: 'Показать ещё',
    loadedCount: {
      one: 'Показана {count} строка',
      few: 'Показано {count} строки',
      many: 'Показано {count} строк',
      other: 'Показано {count} строки',
    },
    filter: 'Фильтр по показанным строкам',
    clearFilter: 'Сбросить фильтр',
    refresh: 'Обновить',
    retry: 'Повторить',
    download: 'Скачать CSV',
    downloading: 'Готовим файл…',
    forbiddenTitle: 'Нет доступа',
    forbiddenText: 'Ваши роли не дают доступа к этой странице или действию. Если он нужен, обратитесь к оператору.',
    notFoundTitle: 'Не найдено',
    invalidTitle: 'Проверьте введённые данные',
    errorTitle: 'Что-то пошло не так',
    networkText: 'Сервис недоступен. Проверьте подключение и повторите попытку.',
    serverText: 'Сервис не смог выполнить действие. Повторите попытку; если ошибка повторяется, сообщите в поддержку номер: {reference}',
    fieldProblem: '{field}: {problem}',
    saved: 'Сохранено.',
    cancel: 'Отмена',
    confirm: 'Подтвердить',
    close: 'Закрыть',
    actions: 'Действия',
    institution: 'Учреждение',
    chooseInstitution: 'Выберите учреждение',
  },
};

const tr: Messages = {
  desk: {
    loading: 'Yükleniyor…',
    empty: 'Henüz bir şey yok.',
    noMatch: 'Filtreye uyan bir şey yok.',
    loadMore: 'Daha fazla yükle',
    loadedCount: { one: '{count} satır gösteriliyor', other: '{count} satır gösteriliyor' },
    filter: 'Gösterilen satırları filtrele',
    clearFilter: 'Filtreyi temizle',
    refresh: 'Yenile',
    retry: 'Tekrar dene',
    download: 'CSV indir',
    downloading: 'Dosya hazırlanıyor…',
    forbiddenTitle: 'Bu işleme erişiminiz yok',
    forbiddenText: 'Rolleriniz bu sayfaya veya işleme izin vermiyor. Gerekiyorsa bir operatöre başvurun.',
    notFoundTitle: 'Bulunamadı',
    invalidTitle: 'Girdiklerinizi kontrol edin',
    errorTitle: 'Bir sorun oluştu',
    networkText: 'Hizmete ulaşılamıyor. Bağlantınızı kontrol edip tekrar deneyin.',
    serverText: 'Hizmet bu işlemi tamamlayamadı. Tekrar deneyin; sürerse yardım masasına şu referansı verin: {reference}',
    fieldProblem: '{field}: {problem}',
    saved: 'Kaydedildi.',
    cancel: 'İptal',
    confirm: 'Onayla',
    close: 'Kapat',
    actions: 'İşlemler',
    institution: 'Kurum',
    chooseInstitution: 'Bir kurum seçin',
  },
};

export const common = { en, it, ru, tr };
